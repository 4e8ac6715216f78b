import { limitHeaders } from './limit-headers.ts';
import type { LimitSettings } from './limit-settings.ts';
import { advance, emptyState, record, type LimitState } from './limit-state.ts';
import { bucketWait } from './provisioned-bucket.ts';
import { burstCallWait, minuteCallWait, tokenWait, windowUsage, type WindowCounts, type WindowUsage } from './window-usage.ts';

/** The retry-after the service gives a request larger than the whole TPM, which no wait would admit: 86 400 s. */
export const NEVER_FITS_MS = 86_400_000;

/** An admitted request, kept by the caller to settle its actual usage once it completes. */
export interface Admission {
  deployment: string;
  /** The store key of the quota it was counted under (see quotaKey); undefined when the deployment is unlimited. */
  quota?: string;
  /** The tokens it was charged at admission. */
  estimate: number;
  /** When it was admitted (ms). */
  at: number;
  /** The limiter state it was counted in (LimitState.epoch); undefined when the deployment is unlimited. */
  epoch?: string;
  /** Provisioned: the capacity per minute of the bucket that settling corrects. */
  ptuCapacity?: number;
}

/** A request the limits admit, with the headers its response carries. */
export interface LimitAdmitted {
  admitted: true;
  headers: Record<string, string>;
  admission: Admission;
}

/** A request refused with 429: which limit, and the exact ms until it would be admitted. */
export interface LimitRefused {
  admitted: false;
  limit: 'token' | 'call';
  retryAfterMs: number;
  /** The limit and remaining headers (and the utilization); serviceErrors.rateLimited adds the retry ones. */
  headers: Record<string, string>;
}

/** What the limits make of a request: admitted with its headers, or refused with a 429's particulars. */
export type LimitDecision = LimitAdmitted | LimitRefused;

/** Why a request must wait: the limit it hit and the exact ms until it would be admitted. */
export type Refusal = Pick<LimitRefused, 'limit' | 'retryAfterMs'>;

/** A store's answer on one request: admitted (no refusal) or refused, with the counts its headers report. */
export interface Verdict {
  refusal?: Refusal;
  /** After the admission when admitted; before the request when refused (a refused request consumes nothing). */
  counts: WindowCounts;
  /** The time the store decided at: the request's, or the latest the quota had seen if the clock went back. */
  at: number;
  /** The state the request was counted in (LimitState.epoch), so that settling never corrects its successor. */
  epoch: string;
}

/**
 * Admits a request charged `estimate` tokens, or refuses it, as an update of the deployment's state. A
 * refused request changes nothing but the forgetting of what has left the windows.
 */
export function decideAdmission(
  settings: LimitSettings,
  state: LimitState | undefined,
  now: number,
  estimate: number,
): { state: LimitState; result: Verdict } {
  const current = state ?? emptyState(now);
  const at = advance(settings, current, now);
  const usage = windowUsage(settings, current, at);
  const refusal = refusalOf(settings, current, usage, at, estimate);
  const counts = { tokens: usage.tokens, requests: usage.requests, burstRequests: usage.burstRequests, level: current.level };
  if (refusal) return { state: current, result: { refusal, counts, at, epoch: current.epoch } };
  record(settings, current, at, estimate);
  counts.tokens += estimate;
  counts.requests++;
  counts.burstRequests++;
  counts.level = current.level;
  return { state: current, result: { counts, at, epoch: current.epoch } };
}

/** The limiter's decision on a store's verdict: the admission to settle later, or the 429's particulars, with headers. */
export function decisionOf(deployment: string, quota: string, settings: LimitSettings, estimate: number, verdict: Verdict): LimitDecision {
  const headers = limitHeaders(settings, verdict.counts);
  if (verdict.refusal) return { admitted: false, ...verdict.refusal, headers };
  const admission: Admission = { deployment, quota, estimate, at: verdict.at, epoch: verdict.epoch };
  if (settings.ptuCapacity !== undefined) admission.ptuCapacity = settings.ptuCapacity;
  return { admitted: true, headers, admission };
}

/**
 * Why the request must wait, or undefined when it fits every window now. Each window, left alone, only
 * empties, so the request fits all of them at the longest of their waits: that is the retry-after, and the
 * window it belongs to is the limit reported. On a tie the token limit is named, as the service's primary quota.
 */
function refusalOf(settings: LimitSettings, state: LimitState, usage: WindowUsage, at: number, estimate: number): Refusal | undefined {
  if (settings.tpm !== undefined && estimate > settings.tpm) return { limit: 'token', retryAfterMs: NEVER_FITS_MS };
  const waits: Array<[LimitRefused['limit'], number]> = [
    ['token', tokenWait(settings, state, usage, at, estimate)],
    ['token', settings.ptuCapacity === undefined ? 0 : bucketWait(state.level, settings.ptuCapacity)],
    ['call', burstCallWait(settings, state, usage, at)],
    ['call', minuteCallWait(settings, state, usage, at)],
  ];
  let longest: Refusal | undefined;
  for (const [limit, wait] of waits) if (wait > (longest?.retryAfterMs ?? 0)) longest = { limit, retryAfterMs: wait };
  return longest;
}
