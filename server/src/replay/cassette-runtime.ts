import { join } from 'node:path';
import type { SimConfig } from '../config/resolve-config.ts';
import type { Operation, ServerSettings } from '../generated/scenarios.ts';
import type { UploadedFile } from '../http/body.ts';
import {
  appendInteraction,
  CassetteIndex,
  compactRecordings,
  compileSanitizer,
  encodeResponseBody,
  formatNearMisses,
  loadCassettes,
  nearMisses,
  recordedHeaders,
  recoverRecordings,
  type IndexedInteraction,
  type Interaction,
  type InteractionSanitizer,
  type JsonValue,
  type RecordedRequest,
  type StoreAnswer,
} from '../cassettes/index.ts';
import { AoaiError } from '../http/aoai-error.ts';
import type { CapturedResponse, Upstream } from '../record/upstream.ts';
import { bodyDigest, digestRequest, isBodyDigest } from '../cassettes/vcr/index.ts';
import { realClock } from '../clock/index.ts';
import type { SimStore } from '../store/sim-store.ts';

type Mode = NonNullable<ServerSettings['mode']>;

/** A request body as received, for a recording that kept only its digest. */
export interface RequestBytes {
  body: Buffer;
  contentType: string;
}

/** What to do when no recording matches a request. */
export type MissPolicy = 'error' | 'generate' | 'record';

/**
 * The recorded interactions in force, and where new ones go: the replay side (a hash index over every cassette,
 * loaded once) and the record side (the upstream, the sanitizers, the session files).
 */
export class CassetteRuntime {
  readonly index: CassetteIndex<StoreAnswer<number>>;
  readonly mode: Mode;
  readonly onMiss: MissPolicy;
  readonly timing: 'recorded' | 'latency' | 'none';
  readonly upstream: Upstream | undefined;
  private readonly dir: string;
  private readonly format: 'yaml' | 'json';
  private readonly sanitize: InteractionSanitizer;
  private bodyDigests: boolean | undefined;

  private constructor(config: SimConfig, index: CassetteIndex<StoreAnswer<number>>) {
    const replay = config.scenarios.replay ?? {};
    const record = config.scenarios.record ?? {};
    this.index = index;
    this.mode = config.server.mode;
    // in generate mode a miss falls back to the generator; in record-missing it is recorded
    this.onMiss = this.mode === 'record-missing' ? 'record' : this.mode === 'generate' ? 'generate' : (replay.onMiss ?? 'error');
    this.timing = replay.timing ?? 'recorded';
    this.upstream = record.upstream ? { endpoint: record.upstream, ...(record.apiKey ? { apiKey: record.apiKey } : {}) } : undefined;
    this.dir = recordDir(config);
    this.format = record.format ?? 'yaml';
    this.sanitize = compileSanitizer(record.sanitize ?? {}, record.apiKey ? [record.apiKey] : []);
  }

  /**
   * Loads the cassettes the scenarios name (validated; a bad file stops startup with its problems). The places in
   * their sequences are kept by `store` (the simulator's), else by the index itself.
   */
  static async load(config: SimConfig, store?: SimStore): Promise<CassetteRuntime> {
    const replay = config.scenarios.replay ?? {};
    // without ignoreFields, the keyer's own default (the schema's)
    const options = {
      ...(replay.ignoreFields ? { ignoreFields: replay.ignoreFields } : {}),
      ...(store ? { cursors: store.replayCursors } : { scopes: config.server.memory.testIds }),
    };
    const patterns = replay.cassettes ?? [];
    // what a killed recorder left: journals folded into their cassettes, temporary files removed
    await recoverRecordings(recordDir(config));
    const { index } = patterns.length > 0 ? await loadCassettes(patterns, options) : { index: new CassetteIndex(options) };
    return new CassetteRuntime(config, index);
  }

  /** Whether requests are looked up in the cassettes before anything else answers them. */
  get replays(): boolean {
    return this.mode !== 'record' && (this.index.size > 0 || this.mode === 'replay' || this.mode === 'record-missing');
  }

  /** Whether requests go upstream: always in record mode, on a miss when the miss policy says so. */
  get records(): boolean {
    return this.mode === 'record' || this.mode === 'record-missing' || this.onMiss === 'record';
  }

  /**
   * The next recording for a request. The request is sanitized first, as recordings were, so a request whose
   * e-mail address a sanitizer redacted still finds its recording. Failing that, when some recordings kept only
   * a digest of their body (see body-digest.ts), the one with the digest of `bytes`, the body as received.
   */
  lookup(request: RecordedRequest, testId: string | undefined, bytes?: RequestBytes): StoreAnswer<IndexedInteraction | undefined> {
    const sanitized = this.sanitizeRequest(request);
    const scope = testId ? { scope: testId } : {};
    const hit = this.index.lookup(this.index.keyOf(sanitized), { request: sanitized, ...scope });
    if (!bytes || !this.hasBodyDigests) return hit;
    const byDigest = (found: IndexedInteraction | undefined) =>
      found ?? this.index.match(digestRequest(request, bodyDigest(bytes.contentType, bytes.body)), scope).hit;
    return hit instanceof Promise ? hit.then(byDigest) : byDigest(hit);
  }

  /** Whether requests' bytes must be kept: to forward them upstream, or to find a recording by their digest. */
  get keepsRequestBytes(): boolean {
    return this.records || this.hasBodyDigests;
  }

  /** Whether some recording kept only a digest of its request body, found once on first use. */
  private get hasBodyDigests(): boolean {
    this.bodyDigests ??= [...this.index.targets()].some((entries) =>
      entries.some(({ interaction }) => isBodyDigest(interaction.request.body)),
    );
    return this.bodyDigests;
  }

  sanitizeRequest(request: RecordedRequest): RecordedRequest {
    return this.sanitize({ recordedAt: '', request, response: { status: 0, headers: {} } }).request;
  }

  /** Folds the sessions recorded into their cassettes: what stopping the server does last. */
  close(): Promise<void> {
    return compactRecordings(this.dir);
  }

  /** Starts every replayed sequence again, for one test id or (without one) for all, forgetting their places. */
  reset(testId?: string): StoreAnswer<void> {
    return this.index.reset(testId);
  }

  /** The 404-class error of a miss, with the nearest recordings and a readable diff against each. */
  missError(request: RecordedRequest): AoaiError {
    const misses = nearMisses(this.index, this.sanitizeRequest(request));
    const report = misses.length > 0 ? formatNearMisses(misses) : 'No recordings at all.';
    const error = new AoaiError(
      404,
      JSON.stringify({
        error: {
          code: 'NoRecordingMatch',
          message: `No recorded interaction matches this ${request.operation} request to ${request.deployment} (replay.onMiss: error). Nearest recordings:\n${report}`,
        },
      }),
    );
    error.logNote = `replay miss for ${request.operation} on ${request.deployment}; nearest recordings:\n${report}`;
    return error;
  }

  /** Writes what came back from upstream to the session's journal (sanitized, flushed) and indexes it. */
  async record(
    request: RecordedRequest,
    captured: CapturedResponse,
    durationMs: number,
    testId: string | undefined,
    callerSecrets: string[],
  ): Promise<void> {
    const contentType = captured.headers['content-type'] ?? '';
    const response: Interaction['response'] = {
      status: captured.status,
      headers: recordedHeaders(captured.headers),
      durationMs: Math.round(durationMs),
    };
    if (captured.chunks) response.chunks = captured.chunks;
    else response.body = encodeResponseBody(contentType, captured.body ?? Buffer.alloc(0));
    const interaction = compileSanitizer(
      {},
      callerSecrets,
    )(this.sanitize({ recordedAt: new Date(realClock.epochMs()).toISOString(), request, response }));
    const session = (testId ?? 'default').replace(/[^A-Za-z0-9._-]+/g, '-');
    const file = join(this.dir, `${session}.${this.format}`);
    await appendInteraction(file, interaction, { name: session });
    this.index.add(interaction, { file, index: -1 });
  }
}

function recordDir(config: SimConfig): string {
  return config.scenarios.record?.dir ?? 'cassettes';
}

/** The request as cassettes hold it: the normalised body, with uploads as their digests. */
export function recordedRequest(
  method: string,
  operation: Operation,
  deployment: string,
  apiVersion: string | undefined,
  fields: Record<string, unknown>,
  files: Record<string, UploadedFile>,
): RecordedRequest {
  const body: Record<string, JsonValue> = { ...(fields as Record<string, JsonValue>) };
  for (const [name, file] of Object.entries(files))
    body[name] = { filename: file.filename, sha256: file.sha256, size: file.size, contentType: file.mimetype };
  return { method, operation, deployment, apiVersion: apiVersion ?? null, body, ...(fields.stream === true ? { stream: true } : {}) };
}
