import type { BodyCapper } from './cap-body.ts';
import type { JournalEntry, JournalInput } from './journal-types.ts';
import { redactHeaders, redactPath } from './redact.ts';

/**
 * What an entry costs beyond its strings' UTF-8 bytes: the entry object and the small ones beside it, string
 * headers, the ring slot. 1 KiB keeps the count on the high side, so that `maxBytes` bounds the heap the journal
 * holds and not only its bodies. bench/journal-memory.ts (2026-11-26): an entry with small bodies takes 939 B of
 * heap all told, against 1,548 B counted; entries with 2 KB and 1 KB bodies take 0.88–0.90 of what is counted.
 */
export const ENTRY_OVERHEAD_BYTES = 1024;

/**
 * An entry as the ring holds it: never handed out (see materialize). Flat, one object with the headers and the
 * bodies beside it rather than the eight nested objects of a JournalEntry: the journal keeps the last thousand
 * requests of a load test alive, each entry lives long enough to be copied out of V8's young generation, and
 * every object in it is one more to copy. Built by assignment, not spreads, which allocated an object per
 * optional field on every request.
 */
export class StoredEntry {
  readonly id: number;
  /** As it was given, when it was given as text. */
  readonly time: string | undefined;
  /** The time as epoch ms, for time filters; NaN when it does not parse, so no time filter matches it. */
  readonly timeMs: number;
  readonly requestId: string;
  readonly method: string;
  /** Credentials in the query redacted. */
  readonly path: string;
  readonly deployment: string | undefined;
  /** The resource's name and region: strings every entry of the resource shares, so not counted in `bytes`. */
  readonly resource: string | undefined;
  readonly region: string | undefined;
  readonly operation: JournalEntry['operation'];
  readonly apiVersion: string | undefined;
  readonly testId: string | undefined;
  readonly stream: boolean;
  readonly status: number;
  /** Lower-case names, credentials redacted, copied. */
  readonly headers: Record<string, string>;
  /**
   * The request body's JSON, or its first bytes when truncated. Text, not the parsed value: a parsed body
   * costs several times its JSON in heap, and would be the caller's object, which it may still change.
   */
  readonly requestJson: string | undefined;
  /** `requestJson` was cut short, so it is not JSON any more and is handed out as the text it is. */
  readonly requestJsonCut: boolean;
  readonly requestTruncated: boolean;
  readonly responseBody: string | undefined;
  readonly responseTruncated: boolean;
  readonly responseBytes: number | undefined;
  readonly tokens: JournalEntry['tokens'];
  readonly limiter: JournalEntry['limiter'];
  readonly rule: string | undefined;
  readonly cassette: string | undefined;
  readonly fault: string | undefined;
  readonly errorCode: string | undefined;
  readonly batch: JournalEntry['batch'];
  readonly ttftMs: number | undefined;
  readonly totalMs: number;
  /** The approximate heap the entry holds: its strings' UTF-8 bytes plus ENTRY_OVERHEAD_BYTES. */
  readonly bytes: number;

  /**
   * The entry to keep for `input`: credentials redacted, bodies capped by `capper` (or dropped, marked truncated,
   * when it is undefined), and only the fields a JournalEntry has, copied, so that nothing else the caller
   * passed (a request context, a limiter's state) is kept alive by the journal.
   */
  constructor(input: JournalInput, id: number, capper: BodyCapper | undefined) {
    const { request, response, tokens, limiter, latency } = input;
    const { bodyJson } = request;
    const requestBody = bodyJson === undefined ? capper?.json(request.body) : capper?.text(bodyJson);
    const responseBody = response.body === undefined ? undefined : capper?.text(response.body, response.bytes);
    this.id = id;
    this.time = typeof input.time === 'string' ? input.time : undefined;
    this.timeMs = typeof input.time === 'string' ? Date.parse(input.time) : input.time;
    this.requestId = input.requestId;
    this.method = input.method;
    this.path = redactPath(input.path);
    this.deployment = input.deployment;
    this.resource = input.resource;
    this.region = input.region;
    this.operation = input.operation;
    this.apiVersion = input.apiVersion;
    this.testId = input.testId;
    this.stream = input.stream;
    this.status = input.status;
    this.headers = redactHeaders(request.headers);
    this.requestJson = requestBody?.text;
    this.requestJsonCut = requestBody?.truncated === true;
    this.requestTruncated =
      request.bodyTruncated === true ||
      requestBody?.truncated === true ||
      (!capper && (request.body !== undefined || bodyJson !== undefined));
    this.responseBody = responseBody?.text;
    this.responseTruncated =
      response.bodyTruncated === true || responseBody?.truncated === true || (!capper && response.body !== undefined);
    this.responseBytes = response.bytes ?? (response.body === undefined ? undefined : Buffer.byteLength(response.body));
    // copies, so the journal keeps none of the caller's objects; an absent field stays absent
    if (tokens) {
      const kept: NonNullable<JournalEntry['tokens']> = { prompt: tokens.prompt, completion: tokens.completion };
      if (tokens.estimate !== undefined) kept.estimate = tokens.estimate;
      this.tokens = kept;
    }
    if (limiter) {
      const kept: NonNullable<JournalEntry['limiter']> = { decision: limiter.decision };
      if (limiter.limit !== undefined) kept.limit = limiter.limit;
      if (limiter.retryAfterMs !== undefined) kept.retryAfterMs = limiter.retryAfterMs;
      this.limiter = kept;
    }
    this.rule = input.rule;
    this.cassette = input.cassette;
    this.fault = input.fault;
    this.errorCode = input.errorCode;
    this.batch = input.batch && { id: input.batch.id, customId: input.batch.customId };
    this.ttftMs = latency.ttftMs;
    this.totalMs = latency.totalMs;

    let bytes = ENTRY_OVERHEAD_BYTES + (requestBody?.keptBytes ?? 0) + (responseBody?.keptBytes ?? 0);
    bytes +=
      (this.time === undefined ? ISO_TIME_BYTES : utf8(this.time)) +
      utf8(this.requestId) +
      utf8(this.method) +
      utf8(this.path) +
      utf8(this.deployment) +
      utf8(this.apiVersion);
    bytes += utf8(this.testId) + utf8(this.rule) + utf8(this.cassette) + utf8(this.fault) + utf8(this.errorCode);
    if (this.batch) bytes += utf8(this.batch.id) + utf8(this.batch.customId);
    // header names and values come off the wire one byte per character (Node reads them as latin1), so their
    // length is their size as V8 holds them; measuring a dozen of them as UTF-8 cost more than the rest of the count
    for (const name in this.headers) bytes += name.length + this.headers[name]!.length;
    this.bytes = bytes;
  }
}

/** The length of a time written as ISO 8601 (2025-06-01T12:00:00.000Z). */
const ISO_TIME_BYTES = 24;

function utf8(text: string | undefined): number {
  return text === undefined ? 0 : Buffer.byteLength(text);
}

/**
 * The entry as callers see it, keys in a fixed order: a copy down to the bodies, so that changing it changes
 * nothing in the journal. (Copying beats freezing: Object.freeze cost more than the rest of `record` put
 * together.) A truncated request body is the start of its JSON text, a string.
 */
export function materialize(stored: StoredEntry): JournalEntry {
  const { requestJson, requestJsonCut, tokens, limiter } = stored;
  const body: unknown = requestJson === undefined || requestJsonCut ? requestJson : JSON.parse(requestJson);
  return {
    id: stored.id,
    time: stored.time ?? new Date(stored.timeMs).toISOString(),
    requestId: stored.requestId,
    method: stored.method,
    path: stored.path,
    ...(stored.deployment === undefined ? {} : { deployment: stored.deployment }),
    ...(stored.resource === undefined ? {} : { resource: stored.resource }),
    ...(stored.region === undefined ? {} : { region: stored.region }),
    ...(stored.operation === undefined ? {} : { operation: stored.operation }),
    ...(stored.apiVersion === undefined ? {} : { apiVersion: stored.apiVersion }),
    ...(stored.testId === undefined ? {} : { testId: stored.testId }),
    stream: stored.stream,
    status: stored.status,
    request: {
      headers: { ...stored.headers },
      ...(requestJson === undefined ? {} : { body }),
      ...(stored.requestTruncated ? { bodyTruncated: true } : {}),
    },
    response: {
      ...(stored.responseBody === undefined ? {} : { body: stored.responseBody }),
      ...(stored.responseTruncated ? { bodyTruncated: true } : {}),
      ...(stored.responseBytes === undefined ? {} : { bytes: stored.responseBytes }),
    },
    ...(tokens === undefined ? {} : { tokens: { ...tokens } }),
    ...(limiter === undefined ? {} : { limiter: { ...limiter } }),
    ...(stored.rule === undefined ? {} : { rule: stored.rule }),
    ...(stored.cassette === undefined ? {} : { cassette: stored.cassette }),
    ...(stored.fault === undefined ? {} : { fault: stored.fault }),
    ...(stored.errorCode === undefined ? {} : { errorCode: stored.errorCode }),
    latency: { ...(stored.ttftMs === undefined ? {} : { ttftMs: stored.ttftMs }), totalMs: stored.totalMs },
    ...(stored.batch === undefined ? {} : { batch: { ...stored.batch } }),
  };
}
