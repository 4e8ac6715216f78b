import { randomUUID } from 'node:crypto';
import { MINUTE_MS, keepsLog, type LimitSettings } from './limit-settings.ts';

/**
 * A deployment's limiter state, as plain JSON data so a shared store can serialize it. The log is exact: per
 * millisecond of the last 60 s with admissions, the running totals of tokens charged and of admissions made.
 */
export interface LimitState {
  /** Names this state among its successors after resets, so an admission is never settled against another's bucket. */
  epoch: string;
  /** The latest time seen, so a clock that steps back (another instance's, in a shared store) never reorders the log. */
  last: number;
  /**
   * The times admissions were made at, oldest first, each time once. Those older than 60 s are forgotten in
   * batches (see advance), so fewer than PRUNE_BATCH of them may still be here, and every window skips them.
   * Admissions in the same millisecond share an entry, and every window treats them alike, so the log stays exact
   * while its length is bounded by the window's milliseconds rather than by the request rate (at 12,500 req/s,
   * 60,000 entries instead of 750,000).
   */
  times: number[];
  /**
   * Running totals of the tokens charged, beside `times` (each entry the sum of all charged up to and including
   * its time), so a window's sum is one subtraction rather than a loop over the last minute.
   */
  cumulative: number[];
  /** The running total of tokens before the first entry kept, the ones forgotten. */
  forgottenTokens: number;
  /** Running totals of the admissions made, beside `times`: a window's request count is one subtraction. */
  calls: number[];
  /** The running total of admissions before the first entry kept, the ones forgotten. */
  forgottenCalls: number;
  /**
   * Provisioned: the bucket's level in tokens × 60 000, as of `levelAt`. In that unit the bucket drains by
   * exactly `ptuCapacity` per ms, so levels and drain times stay integers when the clock's are.
   */
  level: number;
  levelAt: number;
}

/** A state with nothing admitted. */
export function emptyState(now: number): LimitState {
  return {
    epoch: randomUUID(),
    last: now,
    times: [],
    cumulative: [],
    forgottenTokens: 0,
    calls: [],
    forgottenCalls: 0,
    level: 0,
    levelAt: now,
  };
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
    state.forgottenTokens = state.cumulative[inside - 1] ?? state.forgottenTokens;
    state.forgottenCalls = state.calls[inside - 1] ?? state.forgottenCalls;
    state.times.splice(0, inside);
    state.cumulative.splice(0, inside);
    state.calls.splice(0, inside);
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
  return (state.cumulative[last] ?? 0) - tokensBefore(state, from);
}

/** The running total of tokens charged before log index `index`. */
export function tokensBefore(state: LimitState, index: number): number {
  return index === 0 ? state.forgottenTokens : (state.cumulative[index - 1] ?? 0);
}

/** The admissions made from log index `from` to the end, from the running totals. */
export function callsFrom(state: LimitState, from: number): number {
  const last = state.calls.length - 1;
  if (from > last) return 0;
  return (state.calls[last] ?? 0) - callsBefore(state, from);
}

/** The running total of admissions before log index `index`. */
function callsBefore(state: LimitState, index: number): number {
  return index === 0 ? state.forgottenCalls : (state.calls[index - 1] ?? 0);
}

/**
 * The log index of the admission `ordinal` places after the first at index `from` (0: the first itself): the
 * entry whose time it was admitted at.
 */
export function admissionIndex(state: LimitState, from: number, ordinal: number): number {
  const before = callsBefore(state, from);
  return firstWhere(state.calls, (total) => total - before > ordinal);
}

/** Counts an admission of `tokens` at `at` (the time `advance` returned), in place. */
export function record(settings: LimitSettings, state: LimitState, at: number, tokens: number): void {
  if (keepsLog(settings)) {
    const last = state.times.length - 1;
    const calls = (state.calls[last] ?? state.forgottenCalls) + 1;
    const cumulative = (state.cumulative[last] ?? state.forgottenTokens) + tokens;
    if (last >= 0 && state.times[last] === at) {
      state.cumulative[last] = cumulative;
      state.calls[last] = calls;
    } else {
      state.times.push(at);
      state.cumulative.push(cumulative);
      state.calls.push(calls);
    }
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
