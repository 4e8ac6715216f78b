/** Time and timers, behind an interface so that tests can drive the pacer without waiting. */
export interface Clock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Calls `callback` after about `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The longest wait a Node.js timer takes (2^31 − 1 ms, about 24.8 days). A longer one is not refused: Node
 * fires it after 1 ms instead, so a huge latency would turn into a timer firing every millisecond.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The process's clock: `performance.now()`, which wall-clock changes cannot move, and Node's timers. A wait
 * past MAX_TIMER_MS fires early, at that bound; the schedulers, which never wake a caller before its time,
 * just set the timer again.
 */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, Math.min(ms, MAX_TIMER_MS)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
