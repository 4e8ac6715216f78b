/** The capacity a ring starts with: a journal capped at 100,000 entries that sees ten should not hold 100,000 slots. */
const INITIAL_CAPACITY = 64;

/**
 * A first-in first-out queue of at most `maxSize` items, oldest first. Appending and removing the oldest are
 * O(1) amortized: the items sit in a circular array that doubles (up to `maxSize`) when full, so nothing is
 * ever shifted along, which with 100,000 entries would cost a copy of the whole queue per request.
 */
export class RingBuffer<T> {
  readonly maxSize: number;
  #slots: (T | undefined)[];
  /** Where the oldest item is. */
  #head = 0;
  #size = 0;

  constructor(maxSize: number) {
    if (!Number.isSafeInteger(maxSize) || maxSize < 0) throw new RangeError(`a ring's size must be a whole number ≥ 0, not ${maxSize}`);
    this.maxSize = maxSize;
    this.#slots = new Array<T | undefined>(Math.min(maxSize, INITIAL_CAPACITY));
  }

  get size(): number {
    return this.#size;
  }

  /** The slots allocated; at most `maxSize`. */
  get capacity(): number {
    return this.#slots.length;
  }

  /** Appends `item` as the newest; the caller makes room first (`shift`), as it must account for what leaves. */
  push(item: T): void {
    if (this.#size === this.maxSize) throw new RangeError(`the ring is full (${this.maxSize} items)`);
    if (this.#size === this.#slots.length) this.#resize(Math.min(this.maxSize, Math.max(1, this.#slots.length * 2)));
    this.#slots[(this.#head + this.#size) % this.#slots.length] = item;
    this.#size++;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    // Clearing the slot lets the item be collected now rather than when the ring comes round to it.
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#slots.length;
    this.#size--;
    return item;
  }

  /** The item at `index`, 0 being the oldest and `size - 1` the newest. */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#size) return undefined;
    return this.#slots[(this.#head + index) % this.#slots.length];
  }

  /** Removes every item `remove` picks, keeping the others in order; returns what was removed. O(size). */
  removeWhere(remove: (item: T) => boolean): T[] {
    const removed: T[] = [];
    const kept: T[] = [];
    for (let i = 0; i < this.#size; i++) {
      const item = this.at(i) as T;
      (remove(item) ? removed : kept).push(item);
    }
    // Shrinks too: a ring emptied by a clear should not keep the slots of the busiest moment it had.
    if (removed.length > 0) this.#fill(kept, Math.max(INITIAL_CAPACITY, kept.length));
    return removed;
  }

  /** Removes everything and gives the slots back. */
  clear(): void {
    this.#fill([], INITIAL_CAPACITY);
  }

  #resize(capacity: number): void {
    const items: T[] = [];
    for (let i = 0; i < this.#size; i++) items.push(this.at(i) as T);
    this.#fill(items, capacity);
  }

  /** Lays `items` out from slot 0 in a fresh array of `capacity` slots (never more than `maxSize`). */
  #fill(items: readonly T[], capacity: number): void {
    this.#slots = new Array<T | undefined>(Math.min(this.maxSize, capacity));
    items.forEach((item, i) => (this.#slots[i] = item));
    this.#head = 0;
    this.#size = items.length;
  }
}
