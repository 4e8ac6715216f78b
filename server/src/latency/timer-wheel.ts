/** What a {@link TimerWheel} holds: due at `at`, and where it sits while it is in. */
export interface WheelEntry {
  at: number;
  /** The bucket it is in; undefined while it is out. */
  bucket: unknown[] | undefined;
  index: number;
}

/**
 * Timers in buckets of one millisecond, with a min-heap of the bucket times. Adding and removing cost O(1)
 * (a push, a swap with the last) and a tick takes whole buckets; only the bucket times, a few hundred numbers
 * in a flat array, are kept in order. Chosen over a binary heap of the timers themselves by bench/cadence.ts:
 * at 10,000 streams, where each step down such a heap is a cache miss on another stream's timer, the heap
 * cost up to a third more CPU per chunk and its median lateness was twice the wheel's or worse.
 */
export class TimerWheel<E extends WheelEntry> {
  readonly #buckets = new Map<number, E[]>();
  /** Bucket times, a min-heap; a time whose bucket has emptied stays until it comes up. */
  readonly #times: number[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Puts `entry` in, due at `at`; an entry already in is moved. */
  add(entry: E, at: number): void {
    this.remove(entry);
    entry.at = at;
    this.#place(entry, Math.floor(at));
  }

  /** Takes `entry` out; a no-op when it is not in. */
  remove(entry: E): void {
    const bucket = entry.bucket as E[] | undefined;
    if (bucket === undefined) return;
    const last = bucket.pop() as E;
    if (last !== entry) {
      bucket[entry.index] = last;
      last.index = entry.index;
    }
    entry.bucket = undefined;
    entry.index = -1;
    if (--this.#size === 0) {
      // nothing left to wake: forget the bucket times too, so that an idle wheel holds nothing
      this.#buckets.clear();
      this.#times.length = 0;
    }
  }

  /** The millisecond of the earliest bucket (its entries are due in the millisecond after it); undefined when empty. */
  nextMs(): number | undefined {
    while (this.#times.length > 0) {
      const time = this.#times[0] as number;
      const bucket = this.#buckets.get(time);
      if (bucket !== undefined && bucket.length > 0) return time;
      this.#buckets.delete(time);
      this.#popTime();
    }
    return undefined;
  }

  /**
   * Takes out every entry due by `now` and calls `due` with each. Entries of the current millisecond that
   * are not due yet move to the next one: a wake is never early.
   */
  takeDue(now: number, due: (entry: E) => void): void {
    while (this.#times.length > 0 && (this.#times[0] as number) <= now) {
      const time = this.#popTime();
      const bucket = this.#buckets.get(time);
      if (bucket === undefined) continue;
      this.#buckets.delete(time);
      // taken from the end, so that an entry removed by a wake's callback is swapped only among those left
      while (bucket.length > 0) {
        const entry = bucket[bucket.length - 1] as E;
        this.remove(entry);
        if (entry.at <= now) due(entry);
        else this.#place(entry, Math.floor(now) + 1);
      }
    }
  }

  #place(entry: E, time: number): void {
    let bucket = this.#buckets.get(time);
    if (bucket === undefined) {
      bucket = [];
      this.#buckets.set(time, bucket);
      this.#pushTime(time);
    }
    entry.bucket = bucket;
    entry.index = bucket.length;
    bucket.push(entry);
    this.#size++;
  }

  #pushTime(time: number): void {
    const times = this.#times;
    let child = times.length;
    times.push(time);
    while (child > 0) {
      const parent = (child - 1) >> 1;
      const above = times[parent] as number;
      if (above <= time) break;
      times[child] = above;
      child = parent;
    }
    times[child] = time;
  }

  #popTime(): number {
    const times = this.#times;
    const top = times[0] as number;
    const last = times.pop() as number;
    const size = times.length;
    if (size === 0) return top;
    let parent = 0;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= size) break;
      if (child + 1 < size && (times[child + 1] as number) < (times[child] as number)) child++;
      if ((times[child] as number) >= last) break;
      times[parent] = times[child] as number;
      parent = child;
    }
    times[parent] = last;
    return top;
  }
}
