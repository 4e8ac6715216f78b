/** A store's answer: the value itself from a store in this process, a promise of it from a shared one. */
export type StoreAnswer<T> = T | Promise<T>;

/** `T` when a store answers `Answer` synchronously, a promise of `T` when it answers with a promise. */
export type AnswerLike<Answer, T> = Answer extends Promise<unknown> ? Promise<T> : T;

/**
 * Chooses which recorded interaction of a sequence to serve, given the place where the sequence stands (the
 * position after the furthest one served so far, 0 at the start): its position, or -1 when none fits. Pure and
 * synchronous, so that a store that resolves conflicts optimistically may call it again. An object rather than a
 * function, so that a sequence without a matcher is its own picker and a lookup allocates nothing.
 */
export interface ServedPicker {
  pick(place: number): number;
}

/**
 * Where each scope (a test id) and the unscoped sequence stand in each sequence of recorded interactions sharing
 * a match key. Behind an interface, as the limiter's store is, so that a store shared by several simulators keeps
 * their places in step: a lookup costs it at most one call, `advance`, whatever the number of candidates.
 *
 * @example
 * const served = cursors.advance(testId, key, { pick: (place) => Math.min(place, entries.length - 1) });
 */
export interface ReplayCursors<Served extends StoreAnswer<number> = StoreAnswer<number>> {
  /**
   * Atomically reads the place of `scope` (undefined: the unscoped sequence) in the sequence under `key`, asks
   * `picker` with it and returns what it picked. The place moves past the interaction picked when that lies at or
   * beyond it (it is the first time it is served); a repeat of an earlier one, or none, leaves it where it was.
   */
  advance(scope: string | undefined, key: string, picker: ServedPicker): Served;
  /** Starts every sequence again, for one scope or (without one) for all, the unscoped sequence included. */
  reset(scope?: string): StoreAnswer<void>;
}
