import { createKeyer, type KeyOptions, type MatchableRequest, type RequestKeyer } from './canonical-key.ts';
import type { Cassette, Interaction, InteractionSource, RecordedRequest } from './cassette-types.ts';
import { BoundedLru, type MemoryBounds } from '../memory/index.ts';

/** A recorded interaction with its match key and where it came from. */
export interface IndexedInteraction {
  readonly interaction: Interaction;
  readonly key: string;
  readonly source: InteractionSource;
}

/** A further test on the candidates that share a key: the request being answered, a recorded interaction. */
export type InteractionMatcher = (request: RecordedRequest, candidate: Interaction) => boolean;

export interface CassetteIndexOptions extends KeyOptions {
  /** Replaces the canonical key: requests with equal keys are candidates for each other. */
  keyOf?: (request: MatchableRequest) => string;
  /** Narrows the candidates of a key (by api-version, a header the replay layer copied in, ...). */
  matcher?: InteractionMatcher;
  /** How many scopes (test ids) keep their places, and in how many bytes; the least recently used is forgotten first. */
  scopes?: MemoryBounds;
}

/** The schema's default for server.memory.testIds, for an index made without settings. */
const DEFAULT_SCOPES: MemoryBounds = { maxEntries: 10_000, maxBytes: 16 * 1024 * 1024 };
/** What one place in a scope costs besides its key: the number and the map slot. */
const PLACE_BYTES = 16;

/** One scope's place in each sequence it has been served from, with the bytes they take. */
interface ScopedPlaces {
  cursors: Map<string, number>;
  bytes: number;
}

export interface LookupOptions {
  /** The request being answered; the matcher, when there is one, needs it. */
  request?: RecordedRequest;
  /** Whose cursors to use: a test id, so that parallel tests each replay a sequence from its start. Unscoped lookups share one place. */
  scope?: string;
}

/**
 * Recorded interactions by match key. Interactions sharing a key are served in recorded order, then the last
 * repeats; each scope (test id) has its own place in each sequence. Lookup is one hash probe whatever the size.
 *
 * @example
 * const index = new CassetteIndex();
 * index.addCassette(cassette, 'cassettes/chat.yaml');
 * const hit = index.match(request, { scope: testId });
 */
export class CassetteIndex {
  /** Computes the canonical key, JSON and body under this index's options. */
  readonly keyer: RequestKeyer;
  private readonly keyFn: (request: MatchableRequest) => string;
  private readonly matcher: InteractionMatcher | undefined;
  private readonly byKey = new Map<string, Slot>();
  private readonly byTarget = new Map<string, IndexedInteraction[]>();
  private readonly scopes: BoundedLru<string, ScopedPlaces>;
  /** Bumped by reset(): a slot's unscoped cursor counts only when it was set in the current epoch. */
  private epoch = 0;
  private count = 0;

  constructor(options: CassetteIndexOptions = {}) {
    this.keyer = createKeyer(options);
    this.keyFn = options.keyOf ?? this.keyer.key;
    this.matcher = options.matcher;
    this.scopes = new BoundedLru(options.scopes ?? DEFAULT_SCOPES, (places) => places.bytes);
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
    const slot = this.byKey.get(entry.key);
    if (slot) slot.entries.push(entry);
    else this.byKey.set(entry.key, { entries: [entry], cursor: 0, epoch: this.epoch });
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
  lookup(key: string, options: LookupOptions = {}): IndexedInteraction | undefined {
    const slot = this.byKey.get(key);
    if (!slot) return undefined;
    const { scope, request } = options;
    // unscoped sequences keep their place in the slot itself: one hash probe per lookup, which matters when a
    // load test replays 100,000 recordings; scoped ones (a test id each) have a map per scope, kept bounded
    const scoped = scope === undefined ? undefined : (this.scopes.get(scope) ?? { cursors: new Map<string, number>(), bytes: 0 });
    const cursor = scoped ? (scoped.cursors.get(key) ?? 0) : slot.epoch === this.epoch ? slot.cursor : 0;
    const { entries } = slot;
    const accepts = (entry: IndexedInteraction): boolean =>
      this.matcher === undefined || request === undefined || this.matcher(request, entry.interaction);
    for (let i = cursor; i < entries.length; i++) {
      if (!accepts(entries[i]!)) continue;
      if (scope !== undefined && scoped) {
        this.advance(scope, scoped, key, i + 1);
      } else {
        slot.cursor = i + 1;
        slot.epoch = this.epoch;
      }
      return entries[i];
    }
    for (let i = Math.min(cursor, entries.length) - 1; i >= 0; i--) if (accepts(entries[i]!)) return entries[i];
    return undefined;
  }

  /** Moves a scope's place in the sequence under `key` to `next`. */
  private advance(scope: string, places: ScopedPlaces, key: string, next: number): void {
    const known = places.cursors.has(key);
    places.cursors.set(key, next);
    if (known) return;
    // a new place (or a new scope): kept again, so that its bytes are counted afresh
    places.bytes += key.length + PLACE_BYTES;
    this.scopes.set(scope, places);
  }

  /** Keys `request` and looks it up: the usual way to answer one. */
  match(request: RecordedRequest, options: Omit<LookupOptions, 'request'> = {}): { key: string; hit: IndexedInteraction | undefined } {
    const key = this.keyOf(request);
    return { key, hit: this.lookup(key, { ...options, request }) };
  }

  /** Starts every sequence again, for one scope or (without one) for all. */
  reset(scope?: string): void {
    if (scope !== undefined) {
      this.scopes.delete(scope);
    } else {
      this.scopes.clear();
      this.epoch++;
    }
  }
}

/** The interactions of one key, and where the unscoped sequence over them stands. */
interface Slot {
  readonly entries: IndexedInteraction[];
  cursor: number;
  epoch: number;
}

function targetOf(request: MatchableRequest): string {
  return `${request.operation}\u0000${request.deployment}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
