/** What a {@link TimerHeap} orders: due at `at`, ties broken by `seq` (the order they were pushed in). */
export interface HeapEntry {
  at: number;
  seq: number;
  /** Its position in the heap; −1 while it is out. */
  index: number;
}

/**
 * A binary min-heap that records each entry's position in it, so that a cancelled timer leaves at once
 * (O(log n)) instead of lingering until it would have been due, and an entry can be pushed again and again
 * (one per stream, not one per chunk).
 */
export class TimerHeap<E extends HeapEntry> {
  readonly #items: E[] = [];
  #seq = 0;

  get size(): number {
    return this.#items.length;
  }

  /** The earliest entry, without removing it. */
  peek(): E | undefined {
    return this.#items[0];
  }

  /** Puts `entry` in at `at`; an entry already in is moved. */
  push(entry: E, at: number): void {
    if (entry.index >= 0) this.remove(entry);
    entry.at = at;
    entry.seq = this.#seq++;
    entry.index = this.#items.length;
    this.#items.push(entry);
    this.#up(entry.index);
  }

  /** Takes out the earliest entry. */
  pop(): E | undefined {
    const head = this.#items[0];
    if (head !== undefined) this.remove(head);
    return head;
  }

  /** Takes `entry` out wherever it is; a no-op when it is not in. */
  remove(entry: E): void {
    const index = entry.index;
    if (index < 0 || this.#items[index] !== entry) return;
    entry.index = -1;
    const last = this.#items.pop() as E;
    if (last === entry) return;
    this.#items[index] = last;
    last.index = index;
    this.#down(index);
    this.#up(last.index);
  }

  #up(index: number): void {
    const items = this.#items;
    const entry = items[index] as E;
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      const above = items[parent] as E;
      if (!before(entry, above)) break;
      items[child] = above;
      above.index = child;
      child = parent;
    }
    items[child] = entry;
    entry.index = child;
  }

  #down(index: number): void {
    const items = this.#items;
    const size = items.length;
    const entry = items[index] as E;
    let parent = index;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && before(items[right] as E, items[child] as E)) child = right;
      const below = items[child] as E;
      if (!before(below, entry)) break;
      items[parent] = below;
      below.index = parent;
      parent = child;
    }
    items[parent] = entry;
    entry.index = parent;
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
