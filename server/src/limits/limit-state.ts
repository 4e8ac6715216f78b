import { randomUUID } from 'node:crypto';
import { MINUTE_MS, keepsLog, type LimitSettings } from './limit-settings.ts';

/**
 * A deployment's limiter state, as plain JSON data so a shared store can serialize it. The log is exact: one
 * (time, tokens) pair per admission of the last 60 s, so its length is bounded by the RPM.
 */
export interface LimitState {
  /** Names this state among its successors after resets, so an admission is never settled against another's bucket. */
  epoch: string;
  /** The latest time seen, so a clock that steps back (another instance's, in a shared store) never reorders the log. */
  last: number;
  /** Admission times, oldest first, all within the last 60 s. */
  times: number[];
  /** The tokens each admission was charged, beside `times`. */
  tokens: number[];
  /**
   * Running totals of `tokens` (each entry the sum of all charged up to and including it), so a window's sum is
   * one subtraction rather than a loop over every admission of the last minute: at thousands of requests a
   * second the log holds hundreds of thousands.
   */
  cumulative: number[];
  /**
   * Provisioned: the bucket's level in tokens × 60 000, as of `levelAt`. In that unit the bucket drains by
   * exactly `ptuCapacity` per ms, so levels and drain times stay integers when the clock's are.
   */
  level: number;
  levelAt: number;
}

/** A state with nothing admitted. */
export function emptyState(now: number): LimitState {
  return { epoch: randomUUID(), last: now, times: [], tokens: [], cumulative: [], level: 0, levelAt: now };
}

/**
 * Brings `state` up to `now`, in place: forgets admissions that have left the 60 s window and drains the
 * bucket. Returns the time it used: `now`, or the latest time already seen if the clock went back.
 */
export function advance(settings: LimitSettings, state: LimitState, now: number): number {
  const at = Math.max(now, state.last);
  state.last = at;
  const inside = firstInside(state.times, at, MINUTE_MS);
  // forget in batches: shifting a long log on every request would cost as much as the loop the totals save
  if (inside > 0 && (inside >= PRUNE_BATCH || inside * 2 >= state.times.length)) {
    state.times.splice(0, inside);
    state.tokens.splice(0, inside);
    state.cumulative.splice(0, inside);
  }
  if (settings.ptuCapacity !== undefined) {
    state.level = drainedLevel(state, settings.ptuCapacity, at);
    state.levelAt = at;
  }
  return at;
}

const PRUNE_BATCH = 1024;

/** The tokens charged from log index `from` to the end, from the running totals. */
export function tokensFrom(state: LimitState, from: number): number {
  const last = state.cumulative.length - 1;
  if (from > last) return 0;
  return (state.cumulative[last] ?? 0) - (state.cumulative[from] ?? 0) + (state.tokens[from] ?? 0);
}

/** Counts an admission of `tokens` at `at` (the time `advance` returned), in place. */
export function record(settings: LimitSettings, state: LimitState, at: number, tokens: number): void {
  if (keepsLog(settings)) {
    state.times.push(at);
    state.tokens.push(tokens);
    state.cumulative.push((state.cumulative[state.cumulative.length - 1] ?? 0) + tokens);
  }
  if (settings.ptuCapacity !== undefined) state.level += tokens * MINUTE_MS;
}

/** The bucket's level (tokens × 60 000) at `at`, having drained `capacity` per ms since `levelAt`. */
export function drainedLevel(state: LimitState, capacity: number, at: number): number {
  return Math.max(0, state.level - Math.max(0, at - state.levelAt) * capacity);
}

/** The index of the first time inside the window (at − windowMs, at]. */
export function firstInside(times: readonly number[], at: number, windowMs: number): number {
  const cutoff = at - windowMs;
  return firstWhere(times, (time) => time > cutoff);
}

/** The index of the first time for which `inside` holds, which once true stays true: `times` is sorted. */
export function firstWhere(times: readonly number[], inside: (time: number) => boolean): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (inside(times[middle] ?? Infinity)) high = middle;
    else low = middle + 1;
  }
  return low;
}
