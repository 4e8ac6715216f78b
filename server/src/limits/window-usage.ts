import { MINUTE_MS, type LimitSettings } from './limit-settings.ts';
import {
  admissionIndex,
  callsFrom,
  drainedLevel,
  firstInside,
  firstWhere,
  tokensBefore,
  tokensFrom,
  type LimitState,
} from './limit-state.ts';

/** What the headers and the control API report of a quota: its windows' counts and its bucket's level. */
export interface WindowCounts {
  /** Tokens charged in the 60 s window (sliding, or the current wall-clock minute). */
  tokens: number;
  /** Requests admitted in the same window. */
  requests: number;
  /** Requests admitted in the sliding burst window. */
  burstRequests: number;
  /** Provisioned: the bucket's level in tokens × 60 000 (see LimitState.level); 0 otherwise. */
  level: number;
}

/** What the windows hold at a moment, before the request being decided, and where in the log they begin. */
export interface WindowUsage extends Omit<WindowCounts, 'level'> {
  /** Where in the log the 60 s window and the burst window begin. */
  from: number;
  burstFrom: number;
  /** When the current wall-clock minute ends, for per-minute windows. */
  minuteEnd: number;
}

/** The counts of the windows at `at`. */
export function windowUsage(settings: LimitSettings, state: LimitState, at: number): WindowUsage {
  const minuteStart = Math.floor(at / MINUTE_MS) * MINUTE_MS;
  const from = settings.perMinute ? firstWhere(state.times, (time) => time >= minuteStart) : firstInside(state.times, at, MINUTE_MS);
  const burstFrom = firstInside(state.times, at, settings.burstMs);
  const tokens = tokensFrom(state, from);
  return {
    tokens,
    requests: callsFrom(state, from),
    burstRequests: callsFrom(state, burstFrom),
    from,
    burstFrom,
    minuteEnd: minuteStart + MINUTE_MS,
  };
}

/** The counts of `state` at `now` without changing it, as the next request would find them. */
export function countsAt(settings: LimitSettings, state: LimitState, now: number): WindowCounts {
  const at = Math.max(now, state.last);
  const { tokens, requests, burstRequests } = windowUsage(settings, state, at);
  const level = settings.ptuCapacity === undefined ? state.level : drainedLevel(state, settings.ptuCapacity, at);
  return { tokens, requests, burstRequests, level };
}

/**
 * The ms until `estimate` more tokens fit under the TPM, if nothing else is admitted meanwhile; 0 when they
 * fit now. Sliding: when enough of the oldest admissions have left the 60 s window. Per-minute: the next
 * minute. The caller has made sure `estimate` ≤ tpm, so the wait is finite.
 */
export function tokenWait(settings: LimitSettings, state: LimitState, usage: WindowUsage, at: number, estimate: number): number {
  if (settings.tpm === undefined) return 0;
  const excess = usage.tokens + estimate - settings.tpm;
  if (excess <= 0) return 0;
  if (settings.perMinute) return usage.minuteEnd - at;
  // the first time by which enough of the window's tokens have been charged to shed the excess once it leaves
  const before = tokensBefore(state, usage.from);
  const time = state.times[firstWhere(state.cumulative, (total) => total - before >= excess)];
  return time === undefined ? usage.minuteEnd - at /* unreachable when estimate ≤ tpm */ : time + MINUTE_MS - at;
}

/** The ms until one more request fits under the RPM in the 60 s window (sliding or per-minute); 0 when it fits. */
export function minuteCallWait(settings: LimitSettings, state: LimitState, usage: WindowUsage, at: number): number {
  if (settings.rpm === undefined || usage.requests < settings.rpm) return 0;
  if (settings.perMinute) return usage.minuteEnd - at;
  return slideOutWait(state, usage.from, usage.requests - settings.rpm, MINUTE_MS, at);
}

/** The ms until one more request fits in the sliding burst window; 0 when it fits. */
export function burstCallWait(settings: LimitSettings, state: LimitState, usage: WindowUsage, at: number): number {
  if (settings.burstLimit === undefined || usage.burstRequests < settings.burstLimit) return 0;
  return slideOutWait(state, usage.burstFrom, usage.burstRequests - settings.burstLimit, settings.burstMs, at);
}

/**
 * The ms until the admission `ordinal` places after the window's first (at log index `from`) leaves a window of
 * `windowMs`, and every admission before it: the window is (at − windowMs, at].
 */
function slideOutWait(state: LimitState, from: number, ordinal: number, windowMs: number, at: number): number {
  return (state.times[admissionIndex(state, from, ordinal)] ?? at) + windowMs - at;
}
