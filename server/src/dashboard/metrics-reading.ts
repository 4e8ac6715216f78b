import type { Registry } from 'prom-client';
import { METRIC_NAMES } from '../metrics/index.ts';
import { LatencyHistogram } from '../metrics/latency-histogram.ts';

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
}

/**
 * Reads the totals the dashboard needs from the simulator's registry (prom-client flushes pending counts first).
 * The latency histograms are summed in place (LatencyHistogram.totals): read as the registry's samples, each cost
 * 19 objects per label set, every second, thrown away at once.
 */
export async function readMetrics(registry: Registry, atMs: number): Promise<MetricsReading> {
  const samples = async (name: string): Promise<Sample[]> => ((await registry.getSingleMetric(name)?.get())?.values ?? []) as Sample[];
  const [rateLimited, requests, prompt, completion, streams] = await Promise.all([
    samples(METRIC_NAMES.rateLimited),
    samples(METRIC_NAMES.requests),
    samples(METRIC_NAMES.promptTokens),
    samples(METRIC_NAMES.completionTokens),
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
    ttft: totals(registry, METRIC_NAMES.ttft),
    total: totals(registry, METRIC_NAMES.requestDuration),
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

/** A latency histogram's counts summed over its label sets; none when the registry has no such histogram. */
function totals(registry: Registry, name: string): Bucketed {
  const metric: unknown = registry.getSingleMetric(name);
  return metric instanceof LatencyHistogram ? metric.totals() : { bounds: [], cumulative: [] };
}
