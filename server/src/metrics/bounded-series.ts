/**
 * A cache of per-label-value series, with a ceiling on how many distinct values get their own: past the
 * limit every new value shares the overflow entry. Caching is what keeps the hot path off prom-client's
 * labels() (an object and a validation per call); the ceiling is what keeps a caller's bug from turning
 * into unbounded cardinality in Prometheus and unbounded memory here.
 *
 * A key may stand for more than it spells (a resource-qualified deployment key stands for a resource, its region
 * and a deployment): `get` then takes what the entry is made of as its `source`, read only when the key is new,
 * so that a lookup builds nothing.
 */
export class BoundedSeries<K, T, S = undefined> {
  private readonly entries = new Map<K, T>();
  private readonly limit: number;
  private readonly create: (key: K, source: S | undefined) => T;
  private readonly overflowKey: K;
  private overflow: T | undefined;

  /**
   * @param limit how many distinct keys get their own entry; the overflow entry is not counted.
   * @param create makes the entry for a key, the overflow one included (called once per key); the overflow
   *   entry is made without a source.
   * @param overflowKey the key the shared entry is created with.
   */
  constructor(limit: number, create: (key: K, source: S | undefined) => T, overflowKey: NoInfer<K>) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`a label value limit must be a whole number ≥ 0, not ${limit}`);
    this.limit = limit;
    this.create = create;
    this.overflowKey = overflowKey;
  }

  /** The entry for the key: its own while the limit allows (made from `source`), the shared overflow entry after. */
  get(key: K, source?: S): T {
    const entry = this.entries.get(key);
    if (entry !== undefined) return entry;
    if (this.entries.size < this.limit) {
      const created = this.create(key, source);
      this.entries.set(key, created);
      return created;
    }
    // The overflow entry is kept out of the map so that a stream of new keys never grows it.
    this.overflow ??= this.create(this.overflowKey, undefined);
    return this.overflow;
  }

  /** How many keys have an entry of their own. */
  get size(): number {
    return this.entries.size;
  }
}
