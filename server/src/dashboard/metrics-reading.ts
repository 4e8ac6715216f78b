import type { Registry } from 'prom-client';
import { METRIC_NAMES } from '../metrics/index.ts';

/** The running totals the dashboard turns into rates: read from the metrics, once per tick, never per request. */
export interface MetricsReading {
  /** When it was read, epoch ms. */
  atMs: number;
  /** 429s from the rate limits, by reason (tokens, requests). */
  rateLimited: Record<string, number>;
  /** Requests answered, by status. */
  byStatus: Record<string, number>;
  /** Requests and tokens answered, by `resource/deployment`. */
  byDeployment: Record<string, { requests: number; tokens: number }>;
  /** Cumulative counts at each latency bucket's upper bound (seconds), +Inf last, summed over every series. */
  ttft: Bucketed;
  total: Bucketed;
  /** Streamed answers open now. */
  streams: number;
}

export interface Bucketed {
  bounds: number[];
  cumulative: number[];
}

interface Sample {
  labels: Record<string, string | number | undefined>;
  value: number;
  metricName?: string;
}

/** Reads the totals the dashboard needs from the simulator's registry (prom-client flushes pending counts first). */
export async function readMetrics(registry: Registry, atMs: number): Promise<MetricsReading> {
  const samples = async (name: string): Promise<Sample[]> => ((await registry.getSingleMetric(name)?.get())?.values ?? []) as Sample[];
  const [rateLimited, requests, prompt, completion, ttft, total, streams] = await Promise.all([
    samples(METRIC_NAMES.rateLimited),
    samples(METRIC_NAMES.requests),
    samples(METRIC_NAMES.promptTokens),
    samples(METRIC_NAMES.completionTokens),
    samples(METRIC_NAMES.ttft),
    samples(METRIC_NAMES.requestDuration),
    samples(METRIC_NAMES.streamsInFlight),
  ]);
  const byDeployment: MetricsReading['byDeployment'] = {};
  const at = (sample: Sample) => (byDeployment[`${sample.labels.resource}/${sample.labels.deployment}`] ??= { requests: 0, tokens: 0 });
  for (const sample of requests) at(sample).requests += sample.value;
  for (const sample of [...prompt, ...completion]) at(sample).tokens += sample.value;
  return {
    atMs,
    rateLimited: sumBy(rateLimited, 'reason'),
    byStatus: sumBy(requests, 'status'),
    byDeployment,
    ttft: bucketed(ttft),
    total: bucketed(total),
    streams: streams.reduce((sum, sample) => sum + sample.value, 0),
  };
}

function sumBy(samples: Sample[], label: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const sample of samples) {
    const key = String(sample.labels[label]);
    sums[key] = (sums[key] ?? 0) + sample.value;
  }
  return sums;
}

/** The `_bucket` samples of a histogram, summed per bound over every label set. */
function bucketed(samples: Sample[]): Bucketed {
  const byBound = new Map<number, number>();
  for (const sample of samples) {
    if (!sample.metricName?.endsWith('_bucket')) continue;
    const bound = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + sample.value);
  }
  const bounds = [...byBound.keys()].sort((a, b) => a - b);
  return { bounds, cumulative: bounds.map((bound) => byBound.get(bound)!) };
}
