/** An entry of a {@link TimerHeap}: due at `at`, ties broken by insertion order. */
export interface HeapEntry {
  readonly at: number;
  readonly seq: number;
  readonly wake: () => void;
  /** Its position in the heap; −1 once it has left. */
  index: number;
}

/**
 * A binary min-heap of timers that knows where each entry sits, so that a cancelled timer leaves at once
 * (O(log n)) instead of lingering until it would have been due.
 */
export class TimerHeap {
  readonly #items: HeapEntry[] = [];
  #seq = 0;

  get size(): number {
    return this.#items.length;
  }

  /** The earliest entry, without removing it. */
  peek(): HeapEntry | undefined {
    return this.#items[0];
  }

  push(at: number, wake: () => void): HeapEntry {
    const entry: HeapEntry = { at, seq: this.#seq++, wake, index: this.#items.length };
    this.#items.push(entry);
    this.#up(entry.index);
    return entry;
  }

  /** Takes out the earliest entry. */
  pop(): HeapEntry | undefined {
    const head = this.#items[0];
    if (head !== undefined) this.remove(head);
    return head;
  }

  /** Takes `entry` out wherever it is; a no-op when it already left. */
  remove(entry: HeapEntry): void {
    const index = entry.index;
    if (index < 0 || this.#items[index] !== entry) return;
    entry.index = -1;
    const last = this.#items.pop() as HeapEntry;
    if (last === entry) return;
    this.#items[index] = last;
    last.index = index;
    this.#down(index);
    this.#up(last.index);
  }

  #before(a: HeapEntry, b: HeapEntry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #swap(i: number, j: number): void {
    const a = this.#items[i] as HeapEntry;
    const b = this.#items[j] as HeapEntry;
    this.#items[i] = b;
    this.#items[j] = a;
    b.index = i;
    a.index = j;
  }

  #up(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.#before(this.#items[child] as HeapEntry, this.#items[parent] as HeapEntry)) return;
      this.#swap(child, parent);
      child = parent;
    }
  }

  #down(index: number): void {
    const size = this.#items.length;
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let first = parent;
      if (left < size && this.#before(this.#items[left] as HeapEntry, this.#items[first] as HeapEntry)) first = left;
      if (right < size && this.#before(this.#items[right] as HeapEntry, this.#items[first] as HeapEntry)) first = right;
      if (first === parent) return;
      this.#swap(parent, first);
      parent = first;
    }
  }
}
