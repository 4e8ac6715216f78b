import { createKeyer, type KeyOptions, type MatchableRequest, type RequestKeyer } from './canonical-key.ts';
import type { Cassette, Interaction, InteractionSource, RecordedRequest } from './cassette-types.ts';
import type { MemoryBounds } from '../memory/index.ts';
import { MemoryReplayCursors } from './memory-replay-cursors.ts';
import { MatchedPicker, RecordedSequence } from './recorded-sequence.ts';
import type { AnswerLike, ReplayCursors, StoreAnswer } from './replay-cursors.ts';

/** A recorded interaction with its match key and where it came from. */
export interface IndexedInteraction {
  readonly interaction: Interaction;
  readonly key: string;
  readonly source: InteractionSource;
}

/** A further test on the candidates that share a key: the request being answered, a recorded interaction. */
export type InteractionMatcher = (request: RecordedRequest, candidate: Interaction) => boolean;

export interface CassetteIndexOptions<Served extends StoreAnswer<number> = number> extends KeyOptions {
  /** Replaces the canonical key: requests with equal keys are candidates for each other. */
  keyOf?: (request: MatchableRequest) => string;
  /** Narrows the candidates of a key (by api-version, a header the replay layer copied in, ...). */
  matcher?: InteractionMatcher;
  /** Where the sequences stand (a simulator's store); default: in this index, bounded by `scopes`. */
  cursors?: ReplayCursors<Served>;
  /** How many scopes (test ids) keep their places, and in how many bytes, when the index keeps them itself. */
  scopes?: MemoryBounds;
}

/** The schema's default for server.memory.testIds, for an index made without settings. */
const DEFAULT_SCOPES: MemoryBounds = { maxEntries: 10_000, maxBytes: 16 * 1024 * 1024 };

export interface LookupOptions {
  /** The request being answered; the matcher, when there is one, needs it. */
  request?: RecordedRequest;
  /** Whose cursors to use: a test id, so that parallel tests each replay a sequence from its start. Unscoped lookups share one place. */
  scope?: string;
}

/**
 * Recorded interactions by match key. Interactions sharing a key are served in recorded order, then the last
 * repeats; each scope (test id) has its own place in each sequence. The places are kept by a ReplayCursors (a
 * simulator's store, or the index's own): a lookup is one hash probe here and one call to it, whatever the size.
 * With a store that answers with promises, lookups do too (`Served` is the type of its answers).
 *
 * @example
 * const index = new CassetteIndex();
 * index.addCassette(cassette, 'cassettes/chat.yaml');
 * const hit = index.match(request, { scope: testId });
 */
export class CassetteIndex<Served extends StoreAnswer<number> = number> {
  /** Computes the canonical key, JSON and body under this index's options. */
  readonly keyer: RequestKeyer;
  private readonly keyFn: (request: MatchableRequest) => string;
  private readonly matcher: InteractionMatcher | undefined;
  private readonly byKey = new Map<string, RecordedSequence>();
  private readonly byTarget = new Map<string, IndexedInteraction[]>();
  private readonly cursors: ReplayCursors<Served>;
  private count = 0;

  constructor(options: CassetteIndexOptions<Served> = {}) {
    this.keyer = createKeyer(options);
    this.keyFn = options.keyOf ?? this.keyer.key;
    this.matcher = options.matcher;
    // without a store, an index answers synchronously: Served is then the default, number
    this.cursors =
      options.cursors ?? (new MemoryReplayCursors(options.scopes ?? DEFAULT_SCOPES) as ReplayCursors<number> as ReplayCursors<Served>);
  }

  /** How many interactions the index holds. */
  get size(): number {
    return this.count;
  }

  /** The key `request` is filed and looked up under. Compute it once per request. */
  keyOf(request: MatchableRequest): string {
    return this.keyFn(request);
  }

  /** Adds one interaction after those already added under its key. */
  add(interaction: Interaction, source: InteractionSource): IndexedInteraction {
    const entry: IndexedInteraction = { interaction, key: this.keyFn(interaction.request), source };
    const sequence = this.byKey.get(entry.key);
    if (sequence) sequence.entries.push(entry);
    else this.byKey.set(entry.key, new RecordedSequence(entry));
    push(this.byTarget, targetOf(interaction.request), entry);
    this.count++;
    return entry;
  }

  /** Adds every interaction of a cassette, in order. */
  addCassette(cassette: Cassette, file: string): void {
    for (const [index, interaction] of cassette.interactions.entries()) this.add(interaction, { file, index });
  }

  /** Every interaction recorded under `key`, in order. */
  candidates(key: string): readonly IndexedInteraction[] {
    return this.byKey.get(key)?.entries ?? [];
  }

  /** Every interaction recorded for an operation on a deployment: where near misses are looked for first. */
  forTarget(operation: string, deployment: string): readonly IndexedInteraction[] {
    return this.byTarget.get(`${operation}\u0000${deployment}`) ?? [];
  }

  /** Each operation and deployment with its interactions. */
  targets(): IterableIterator<readonly IndexedInteraction[]> {
    return this.byTarget.values();
  }

  /**
   * The next interaction recorded under `key` for this scope: the first not yet served, else the last again.
   * With a matcher, only candidates it accepts count. Undefined on a miss.
   */
  lookup(key: string, options: LookupOptions = {}): AnswerLike<Served, IndexedInteraction | undefined> {
    type Found = AnswerLike<Served, IndexedInteraction | undefined>;
    const sequence = this.byKey.get(key);
    // a key without recordings costs the store nothing
    if (!sequence) return undefined as Found;
    const { matcher } = this;
    const { request } = options;
    const picker = matcher === undefined || request === undefined ? sequence : new MatchedPicker(sequence.entries, request, matcher);
    // the sequence's own key: the string the index keeps already, not the request's copy
    const served: StoreAnswer<number> = this.cursors.advance(options.scope, sequence.key, picker);
    // a store in this process answers at once: no promise, no await on the replay path
    return (typeof served === 'number' ? servedAt(sequence, served) : served.then((at) => servedAt(sequence, at))) as Found;
  }

  /** Keys `request` and looks it up: the usual way to answer one. */
  match(
    request: RecordedRequest,
    options: Omit<LookupOptions, 'request'> = {},
  ): { key: string; hit: AnswerLike<Served, IndexedInteraction | undefined> } {
    const key = this.keyOf(request);
    return { key, hit: this.lookup(key, { ...options, request }) };
  }

  /** Starts every sequence again, for one scope or (without one) for all. */
  reset(scope?: string): StoreAnswer<void> {
    return this.cursors.reset(scope);
  }
}

function servedAt(sequence: RecordedSequence, at: number): IndexedInteraction | undefined {
  return at < 0 ? undefined : sequence.entries[at];
}

function targetOf(request: MatchableRequest): string {
  return `${request.operation}\u0000${request.deployment}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
