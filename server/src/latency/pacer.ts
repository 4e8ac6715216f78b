import { defaultScheduler, type Scheduler, type SchedulerTimer } from './scheduler.ts';

/** When item `index` is due, in ms from the stream's start. Called once per item, in order. */
export type Schedule<T> = (index: number, item: T) => number;

/**
 * Told how late the pacer's items went out: `lateMs` after their due time, measured when the writer comes back
 * for the next item, that is once the item has been written. `first` marks a stream's first timed item (its
 * TTFT); the others are the gaps after it. Only items with a due time of their own are told (the chunks that
 * carry tokens), not the ones that go out with the item before them. `now` is the scheduler's time.
 */
export interface PacerLatenessObserver {
  observe(first: boolean, lateMs: number, now: number): void;
}

/** How {@link paceEvents} runs. */
export interface PaceOptions<T, U> {
  /** Defaults to {@link defaultScheduler}. */
  scheduler?: Scheduler;
  /**
   * The stream's time zero on the scheduler's clock; defaults to when the pacer is made. Pass the request's
   * arrival so that the time the handler took counts toward TTFT.
   */
  startedAt?: number;
  /** Turns each item into what is emitted (an SSE frame, say) once its schedule has been read from it. */
  map?: (item: T) => U;
  /**
   * Ends the stream as `return()` does. For wrappers such as an async generator around the pacer, whose own
   * `return()` waits for the pacer's pending `next()` rather than cancelling it.
   */
  signal?: AbortSignal;
  /**
   * How late an item may go out and still be caught up (the ones after it sent at their times, closer
   * together). Later than this, the rest of the schedule moves by the lateness instead: gaps hold and the
   * total slips, as a server that stalled would. Unlimited by default: a stream keeps its total on time.
   */
  maxCatchUpMs?: number;
  /** Told how late each timed item was written: the simulator's own lateness, which its metrics expose. */
  lateness?: PacerLatenessObserver | undefined;
}

/** The paced stream: an async iterator whose `return()` cancels its pending timer and closes the source. */
export interface PacedStream<U> extends AsyncIterableIterator<U> {
  next(): Promise<IteratorResult<U, undefined>>;
  return(): Promise<IteratorResult<U, undefined>>;
}

const DONE: IteratorResult<never, undefined> = Object.freeze({ done: true, value: undefined });

/**
 * `events`, each emitted at its scheduled offset from the stream's start (never before). Items already due
 * are handed over without a timer, so an unpaced stream costs one resolved promise per item. When the first
 * item with a positive offset is already overdue as it is reached (the handler outlasted TTFT), it goes at once
 * and the whole schedule moves by that much, so the cadence after it holds. Later delays (a slow consumer, a
 * busy loop) are caught up, up to `maxCatchUpMs`. The source is pulled only when the consumer asks, so
 * back-pressure holds it. `return()`, which `Readable.from` calls when it is destroyed, cancels the wait in
 * progress, settles a pending `next()` as done and closes the source.
 */
export function paceEvents<T>(events: Iterable<T>, schedule: Schedule<T>, options?: PaceOptions<T, T>): PacedStream<T>;
export function paceEvents<T, U>(
  events: Iterable<T>,
  schedule: Schedule<T>,
  options: PaceOptions<T, U> & { map: (item: T) => U },
): PacedStream<U>;
export function paceEvents<T, U>(events: Iterable<T>, schedule: Schedule<T>, options: PaceOptions<T, U> = {}): PacedStream<U> {
  const scheduler = options.scheduler ?? defaultScheduler();
  const map = options.map ?? ((item: T) => item as unknown as U);
  let startedAt = options.startedAt ?? scheduler.now();
  const maxCatchUp = options.maxCatchUpMs ?? Number.POSITIVE_INFINITY;
  const source = events[Symbol.iterator]();
  let index = 0;
  let finished = false;
  let timed = false;
  // The state of the one wait in progress, kept in the stream (not in closures made per chunk), so that a
  // paced chunk allocates only its promise and its result: 10,000 streams make a great many of them.
  let timer: SchedulerTimer | undefined;
  let settle: ((result: IteratorResult<U, undefined>) => void) | undefined;
  let waiting: Promise<IteratorResult<U, undefined>> | undefined;
  let due = 0;
  let value: U | undefined;
  // the due time of the timed item handed over last, measured when the writer asks for the next (NaN: none)
  const lateness = options.lateness;
  let owed = Number.NaN;
  let owedFirst = false;
  let lastDue = Number.NEGATIVE_INFINITY;

  const wake = () => {
    if (maxCatchUp !== Number.POSITIVE_INFINITY) {
      const late = scheduler.now() - due;
      if (late > maxCatchUp) startedAt += late;
    }
    const resolve = settle;
    const result = { done: false as const, value: value as U };
    settle = undefined;
    waiting = undefined;
    value = undefined;
    resolve?.(result);
  };
  const wait = (resolve: (result: IteratorResult<U, undefined>) => void) => {
    settle = resolve;
    timer ??= scheduler.timer(wake);
    timer.set(due);
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    timer?.cancel();
    value = undefined;
    options.signal?.removeEventListener('abort', abort);
    source.return?.();
  };
  const abort = () => void stream.return();

  const step = (): Promise<IteratorResult<U, undefined>> => {
    if (!Number.isNaN(owed)) {
      const now = scheduler.now();
      lateness!.observe(owedFirst, now - owed, now);
      owed = Number.NaN;
    }
    if (finished) return Promise.resolve(DONE);
    let next: U;
    let offset: number;
    try {
      const item = source.next();
      if (item.done === true) {
        finish();
        return Promise.resolve(DONE);
      }
      offset = schedule(index++, item.value);
      next = map(item.value);
    } catch (error) {
      finish();
      return Promise.reject(error);
    }
    if (offset <= 0) return Promise.resolve({ done: false, value: next });
    due = startedAt + offset;
    if (lateness !== undefined && due > lastDue) {
      owed = lastDue = due;
      owedFirst = !timed;
    }
    const late = scheduler.now() - due;
    if (late >= 0) {
      // overdue as it is reached; on the first timed item, the handler outlasted TTFT: moving the rest along
      // keeps them from following in a burst
      if (late > (timed ? maxCatchUp : 0)) startedAt += late;
      timed = true;
      return Promise.resolve({ done: false, value: next });
    }
    timed = true;
    value = next;
    const promise = new Promise(wait);
    // a scheduler may wake at once; only a wait still in progress makes later calls queue
    if (settle !== undefined) waiting = promise;
    return promise;
  };

  const stream: PacedStream<U> = {
    // a second next() while one waits queues behind it, as async generators do
    next: () => (waiting === undefined ? step() : waiting.then(() => stream.next())),
    return() {
      const pending = settle;
      settle = undefined;
      waiting = undefined;
      finish();
      pending?.(DONE);
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  if (options.signal?.aborted) finish();
  else options.signal?.addEventListener('abort', abort, { once: true });
  return stream;
}

/**
 * Resolves after `ms` on the scheduler (at once, with no timer, when `ms` ≤ 0). An aborted `signal` settles
 * it early and frees its timer, so a client that leaves stops the wait.
 */
export function sleep(ms: number, options: { scheduler?: Scheduler; signal?: AbortSignal } = {}): Promise<void> {
  const { signal } = options;
  if (!(ms > 0) || signal?.aborted) return Promise.resolve();
  const scheduler = options.scheduler ?? defaultScheduler();
  return new Promise((resolve) => {
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const timer = scheduler.timer(done);
    const abort = () => {
      timer.cancel();
      done();
    };
    timer.set(scheduler.now() + ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
