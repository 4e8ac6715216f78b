import { LRUCache } from 'lru-cache';

/** How much a cache or store may keep: a number of entries, and bytes as its owner estimates them. */
export interface MemoryBounds {
  maxEntries: number;
  maxBytes: number;
}

/** What a bounded store holds now: its entries, and their bytes as the store estimates them. */
export interface StoreUsage {
  entries: number;
  bytes: number;
}

/** What an entry costs beyond its key and value: the map slot and the bookkeeping around it. */
export const ENTRY_OVERHEAD_BYTES = 64;

/**
 * A cache that forgets its least recently used entries before it would hold more than `maxEntries` of them or
 * more than `maxBytes`. An entry's bytes are its key's length plus what `bytesOf` estimates for its value: a key
 * made from a caller's request body weighs as much as the body. An entry that alone exceeds `maxBytes` is not
 * kept. Built on lru-cache, which keeps both bounds in O(1) per operation.
 *
 * The lru-cache is made on the first `set`, not before: it allocates its lists for `maxEntries` up front (3 MiB
 * and 15–20 ms at a start for the prompt cache's 100,000, mostly page faults on this kind of VM), and a cache
 * that a simulator never fills (prompt prefixes, stored responses, …) should cost neither.
 *
 * @example
 * const answers = new BoundedLru<string, string>({ maxEntries: 1000, maxBytes: 1 << 20 }, (text) => text.length);
 */
export class BoundedLru<K extends string, V extends {}> {
  #entries: LRUCache<K, V> | undefined;
  readonly #options: LRUCache.Options<K, V, unknown>;
  readonly #bytesOf: (value: V, key: K) => number;

  /** `onRemove` hears of every entry that leaves: evicted, deleted, replaced by another value or cleared. */
  constructor(bounds: MemoryBounds, bytesOf: (value: V, key: K) => number, onRemove?: (value: V, key: K) => void) {
    if (!(bounds.maxEntries >= 1 && bounds.maxBytes >= 1)) {
      throw new RangeError(`a cache keeps at least one entry and one byte, not ${bounds.maxEntries} and ${bounds.maxBytes}`);
    }
    this.#bytesOf = bytesOf;
    this.#options = {
      max: Math.floor(bounds.maxEntries),
      maxSize: Math.floor(bounds.maxBytes),
      ...(onRemove ? { dispose: (value: V, key: K) => onRemove(value, key) } : {}),
    };
  }

  /** The value under `key`, which becomes the most recently used. */
  get(key: K): V | undefined {
    return this.#entries?.get(key);
  }

  /** The value under `key`, leaving the order of use as it was. */
  peek(key: K): V | undefined {
    return this.#entries?.peek(key);
  }

  /**
   * Keeps `value` under `key` as the most recently used, forgetting the least recently used as the bounds
   * require. Setting a value again after changing it in place counts its bytes afresh.
   */
  set(key: K, value: V): void {
    const size = Math.max(1, Math.ceil(key.length + this.#bytesOf(value, key) + ENTRY_OVERHEAD_BYTES));
    (this.#entries ??= new LRUCache<K, V>(this.#options)).set(key, value, { size });
  }

  delete(key: K): boolean {
    return this.#entries?.delete(key) ?? false;
  }

  clear(): void {
    this.#entries?.clear();
  }

  /** The values, most recently used first. */
  values(): IterableIterator<V> {
    return (this.#entries?.values() ?? [][Symbol.iterator]()) as IterableIterator<V>;
  }

  /** How many entries are kept. */
  get size(): number {
    return this.#entries?.size ?? 0;
  }

  /** The bytes kept, as estimated. */
  get bytes(): number {
    return this.#entries?.calculatedSize ?? 0;
  }

  /** The entries and bytes kept, for the store gauges on /metrics. */
  get usage(): StoreUsage {
    return { entries: this.size, bytes: this.bytes };
  }
}
