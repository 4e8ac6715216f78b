import { BodyCapper } from './cap-body.ts';
import { compileFilter } from './journal-filter.ts';
import type { JournalEntry, JournalFilter, JournalInput, JournalOptions, JournalStats, JournalSummary } from './journal-types.ts';
import { RingBuffer } from './ring-buffer.ts';
import { materialize, StoredEntry } from './stored-entry.ts';
import { summarize } from './summarize.ts';

/** The per-body cap when none is given: a long chat request fits, an embedded image or audio file does not. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/**
 * The request journal: every data-plane request, newest last, in a ring bounded both by entries and by
 * approximate bytes, so a load test that runs for hours costs the same heap as one that ran for a minute.
 *
 * Byte accounting: each entry costs the UTF-8 bytes of the bodies kept (after capping), of its headers and
 * other strings, plus ENTRY_OVERHEAD_BYTES for the objects around them. Entries leave oldest first as soon as
 * either bound would be passed, and each one pushed out counts in `dropped`. An entry too large for `maxBytes`
 * on its own is kept without its bodies, or, when even that is too large, not kept at all (and counted).
 *
 * With `maxEntries` or `maxBytes` 0 the journal is off: `record` keeps nothing, numbers nothing, counts nothing.
 */
export class Journal {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly maxBodyBytes: number;
  readonly #ring: RingBuffer<StoredEntry>;
  readonly #capper: BodyCapper;
  #bytes = 0;
  #dropped = 0;
  #lastId = 0;

  constructor(options: JournalOptions) {
    const { maxEntries, maxBytes, maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = options;
    for (const [name, value] of Object.entries({ maxEntries, maxBytes, maxBodyBytes })) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`journal ${name} must be a whole number ≥ 0, not ${value}`);
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.maxBodyBytes = maxBodyBytes;
    this.#ring = new RingBuffer(this.enabled ? maxEntries : 0);
    this.#capper = new BodyCapper(maxBodyBytes);
  }

  /** Whether the journal keeps anything at all. */
  get enabled(): boolean {
    return this.maxEntries > 0 && this.maxBytes > 0;
  }

  /**
   * Keeps `input` as the newest entry, pushing out the oldest as the bounds require, and returns it as kept:
   * numbered, credentials redacted, bodies capped. Off, it returns the entry with id 0, redacted and without
   * bodies, having spent nothing on serializing them.
   */
  record(input: JournalInput): JournalEntry {
    return materialize(this.#keep(input));
  }

  /** `record` for a caller that does not need the entry back: the data plane, once per request. */
  add(input: JournalInput): void {
    if (this.enabled) this.#keep(input);
  }

  #keep(input: JournalInput): StoredEntry {
    if (!this.enabled) return new StoredEntry(input, 0, undefined);
    const id = ++this.#lastId;
    let stored = new StoredEntry(input, id, this.#capper);
    if (stored.bytes > this.maxBytes) stored = new StoredEntry(input, id, undefined);
    if (stored.bytes > this.maxBytes) {
      this.#dropped++;
      return stored;
    }
    while (this.#ring.size > 0 && (this.#ring.size >= this.maxEntries || this.#bytes + stored.bytes > this.maxBytes)) this.#evictOldest();
    this.#ring.push(stored);
    this.#bytes += stored.bytes;
    return stored;
  }

  /**
   * The entries that match, oldest first (newest last, as a log reads). With `limit`, the newest `limit` of
   * them, still oldest first. Throws JournalFilterError on a filter that makes no sense.
   */
  query(filter?: JournalFilter): JournalEntry[] {
    return this.#scan(filter).map(materialize);
  }

  /** How many entries `query(filter)` would return, without building them. */
  count(filter?: JournalFilter): number {
    return this.#scan(filter).length;
  }

  /**
   * Removes every entry, or those of one test id; returns how many went. Clearing everything also resets
   * `dropped`, so that a test that starts with a clear can tell whether its own requests overflowed. Ids go on
   * from where they were, so an id seen before a clear never names another entry after it.
   */
  clear(testId?: string): number {
    if (testId === undefined) {
      const removed = this.#ring.size;
      this.#ring.clear();
      this.#bytes = 0;
      this.#dropped = 0;
      return removed;
    }
    const removed = this.#ring.removeWhere((stored) => stored.testId === testId);
    for (const stored of removed) this.#bytes -= stored.bytes;
    return removed.length;
  }

  /**
   * The summaries of the entries kept after entry `id`, oldest first, the newest `limit` of them at most: what
   * arrived since a reader last looked, for the dashboard's feed. Scans from the newest back, so it costs the
   * entries it returns, whatever the journal holds.
   */
  summariesAfter(id: number, limit: number): JournalSummary[] {
    const found: JournalSummary[] = [];
    for (let i = this.#ring.size - 1; i >= 0 && found.length < limit; i--) {
      const stored = this.#ring.at(i) as StoredEntry;
      if (stored.id <= id) break;
      found.push(summarize(stored));
    }
    return found.reverse();
  }

  /** The id of the newest entry numbered, kept or not (0 before the first). */
  get lastId(): number {
    return this.#lastId;
  }

  /** How full the journal is, its bounds, and how many entries the bounds pushed out since the last full clear. */
  stats(): JournalStats {
    return { entries: this.#ring.size, bytes: this.#bytes, dropped: this.#dropped, maxEntries: this.maxEntries, maxBytes: this.maxBytes };
  }

  /** Matching entries, oldest first, newest `limit` only: scanned newest first so a limit stops early. */
  #scan(filter: JournalFilter | undefined): StoredEntry[] {
    const { matches, limit } = compileFilter(filter);
    const found: StoredEntry[] = [];
    for (let i = this.#ring.size - 1; i >= 0 && found.length < limit; i--) {
      const stored = this.#ring.at(i) as StoredEntry;
      if (matches(stored)) found.push(stored);
    }
    return found.reverse();
  }

  #evictOldest(): void {
    const evicted = this.#ring.shift();
    if (evicted === undefined) return;
    this.#bytes -= evicted.bytes;
    this.#dropped++;
  }
}
