import type { Bucketed, MetricsReading } from './metrics-reading.ts';

/** Latency percentiles over one interval, in ms; null when nothing finished in it. */
export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

/** What happened between two readings, per second, and the latencies of what finished in between. */
export interface IntervalRates {
  seconds: number;
  /** 429s from the rate limits per second, by reason. */
  rateLimited: Record<string, number>;
  /** Other failures (status 400 and up, and 0 for no status, but not 429) per second, by status. */
  errors: Record<string, number>;
  /** Requests and tokens per second, by `resource/deployment`. */
  byDeployment: Record<string, { requests: number; tokens: number }>;
  ttftMs: Percentiles | null;
  totalMs: Percentiles | null;
  streams: number;
}

/**
 * The rates between `before` and `now`. A total lower than before means the metrics were reset in between:
 * then what is counted now is what happened since.
 */
export function intervalRates(before: MetricsReading, now: MetricsReading): IntervalRates {
  const seconds = Math.max(0.001, (now.atMs - before.atMs) / 1000);
  const perSecond = (previous: number | undefined, current: number) => grown(previous, current) / seconds;
  const errors: Record<string, number> = {};
  for (const [status, count] of Object.entries(now.byStatus)) {
    const code = Number(status);
    if (status === '429' || (code > 0 && code < 400)) continue;
    const rate = perSecond(before.byStatus[status], count);
    if (rate > 0) errors[status] = rate;
  }
  const rateLimited: Record<string, number> = { tokens: 0, requests: 0 };
  for (const [reason, count] of Object.entries(now.rateLimited)) rateLimited[reason] = perSecond(before.rateLimited[reason], count);
  const byDeployment: IntervalRates['byDeployment'] = {};
  for (const [key, { requests, tokens }] of Object.entries(now.byDeployment)) {
    const previous = before.byDeployment[key];
    byDeployment[key] = { requests: perSecond(previous?.requests, requests), tokens: perSecond(previous?.tokens, tokens) };
  }
  return {
    seconds,
    rateLimited,
    errors,
    byDeployment,
    ttftMs: percentiles(before.ttft, now.ttft),
    totalMs: percentiles(before.total, now.total),
    streams: now.streams,
  };
}

function grown(previous: number | undefined, current: number): number {
  return previous === undefined || current < previous ? current : current - previous;
}

/** The 50th, 90th and 99th percentiles of what the histogram counted between two readings, in ms. */
export function percentiles(before: Bucketed, now: Bucketed): Percentiles | null {
  const previous = new Map(before.bounds.map((bound, i) => [bound, before.cumulative[i]!]));
  const lastBefore = before.cumulative.at(-1) ?? 0;
  const reset = (now.cumulative.at(-1) ?? 0) < lastBefore;
  const counts = now.bounds.map((bound, i) => now.cumulative[i]! - (reset ? 0 : (previous.get(bound) ?? 0)));
  const count = counts.at(-1) ?? 0;
  if (count <= 0) return null;
  const at = (q: number) => Math.round(quantile(q, now.bounds, counts) * 1000 * 10) / 10;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

/**
 * Prometheus's histogram_quantile: the bucket the rank falls in, interpolated linearly inside it (from 0 for
 * the first); a rank in the +Inf bucket answers the highest finite bound.
 */
export function quantile(q: number, bounds: number[], cumulative: number[]): number {
  const total = cumulative.at(-1) ?? 0;
  const rank = q * total;
  let bucket = cumulative.findIndex((count) => count >= rank);
  if (bucket < 0) bucket = cumulative.length - 1;
  const upper = bounds[bucket]!;
  if (upper === Infinity) return bounds[bucket - 1] ?? 0;
  const lower = bucket === 0 ? 0 : bounds[bucket - 1]!;
  const below = bucket === 0 ? 0 : cumulative[bucket - 1]!;
  const inBucket = cumulative[bucket]! - below;
  return inBucket <= 0 ? upper : lower + ((upper - lower) * (rank - below)) / inBucket;
}
