import { MINUTE_MS } from './limit-settings.ts';

/*
 * The provisioned (PTU) bucket. Its size is one minute of capacity (ptu × tokensPerPtuPerMinute tokens); it
 * drains continuously at that capacity per minute; utilization is level / size. Admission adds the estimate
 * at once, so one large request can carry the level past 100%; at 100% or more the next is refused until the
 * level has drained below it. Levels are in tokens × 60 000 (see LimitState.level).
 */

/** The full bucket, in level units. */
function fullLevel(capacity: number): number {
  return capacity * MINUTE_MS;
}

/** The ms until a bucket at `level` is below 100%: the first whole ms at which it would admit; 0 when it does now. */
export function bucketWait(level: number, capacity: number): number {
  const over = level - fullLevel(capacity);
  return over < 0 ? 0 : Math.floor(over / capacity) + 1;
}

/** Utilization in tenths of a percent, rounded down so "100.0%" only ever shows a bucket that refuses. */
export function utilizationPerMille(level: number, capacity: number): number {
  return Math.floor((level * 1000) / fullLevel(capacity));
}

/** The `azure-openai-deployment-utilization` value: one decimal and a percent sign, e.g. `47.5%`. */
export function formatUtilization(perMille: number): string {
  return `${(perMille / 10).toFixed(1)}%`;
}

/** A level in whole tokens, rounded up: the tokens still in the bucket. */
export function levelTokens(level: number): number {
  return Math.ceil(level / MINUTE_MS);
}
