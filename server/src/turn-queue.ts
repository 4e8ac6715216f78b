/**
 * Items handed over during one turn of the event loop, given to `flush` together at the turn's end: setImmediate
 * runs right after the turn's I/O. What the data plane's answers (http/end-of-turn.ts) and the log's lines
 * (logger.ts) are batched with.
 */
export class TurnQueue<T> {
  #items: T[] = [];
  readonly #flush: (items: readonly T[]) => void;

  constructor(flush: (items: readonly T[]) => void) {
    this.#flush = flush;
  }

  push(item: T): void {
    if (this.#items.push(item) === 1) setImmediate(this.#run);
  }

  /** Hands over what is pending now, without waiting for the turn's end. */
  flushNow(): void {
    this.#run();
  }

  readonly #run = (): void => {
    if (this.#items.length === 0) return;
    const items = this.#items;
    this.#items = [];
    this.#flush(items);
  };
}
