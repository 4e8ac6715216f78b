/**
 * The simulator's one source of time. Everything that reads the time or waits on it (the limiter's windows,
 * incidents, latency and pacing, `created` fields, the journal's times) is handed a Clock, so that a test or a
 * simulated batch can drive all of it from a ManualClock without sleeping. Only this folder reads the process's
 * clocks; a test (no-direct-clock-reads.test.ts) keeps it that way.
 */
export interface Clock {
  /** Milliseconds on a monotonic clock: what durations, latencies and timers are measured on. */
  now(): number;
  /** Milliseconds since the Unix epoch: what timestamps are made of (`created`, the journal, per-minute windows). */
  epochMs(): number;
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
 * The process's clock: `performance.now()`, which wall-clock changes cannot move, `Date.now()` for timestamps,
 * and Node's timers. A wait past MAX_TIMER_MS fires early, at that bound; the schedulers, which never wake a
 * caller before its time, just set the timer again.
 */
export const realClock: Clock = {
  now: () => performance.now(),
  epochMs: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, Math.min(ms, MAX_TIMER_MS)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
