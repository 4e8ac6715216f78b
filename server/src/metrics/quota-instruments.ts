import { Gauge, type Registry } from 'prom-client';
import { BoundedSeries } from './bounded-series.ts';
import { OVERFLOW_LABEL } from './label-values.ts';
import { METRIC_NAMES } from './metric-names.ts';

/** One quota's figures: a limit, what its window has counted, and what remains. */
export interface QuotaFigures {
  limit: number;
  used: number;
  remaining: number;
}

/**
 * One deployment's quota as the limits report it (GET /__sim/limits): tokens against the TPM (provisioned: the
 * bucket against its size), requests against the RPM, and a provisioned deployment's utilization in percent.
 */
export interface QuotaReading {
  resource: string;
  region: string;
  deployment: string;
  tokens?: QuotaFigures;
  requests?: QuotaFigures;
  utilization?: number;
}

/** Where the quota series are read from at each scrape: the limits report, from memory or from the shared store. */
export type QuotaSource = () => Promise<readonly QuotaReading[]>;

type QuotaLabels = { resource: string; region: string; deployment: string };
const KINDS = ['tokens', 'requests'] as const;

/**
 * The quotas as gauges, read at scrape time so the request path pays nothing: aoai_sim_quota_limit, _used and
 * _remaining by kind (tokens, requests), and aoai_sim_ptu_utilization_ratio. The four gauges share one reading per
 * scrape (the registry collects them together), and their resource and deployment pairs are capped at `limit`:
 * past it, the rest are summed under OVERFLOW_LABEL, where a utilization means nothing and is left out.
 */
export function registerQuotaMetrics(registry: Registry, source: () => QuotaSource | undefined, limit: number): void {
  const registers = [registry];
  const pairs = new BoundedSeries<string, QuotaLabels, QuotaReading>(
    limit,
    (_key, reading) =>
      reading
        ? { resource: reading.resource, region: reading.region, deployment: reading.deployment }
        : { resource: OVERFLOW_LABEL, region: OVERFLOW_LABEL, deployment: OVERFLOW_LABEL },
    OVERFLOW_LABEL,
  );
  let pending: Promise<readonly QuotaReading[]> | undefined;
  /** This scrape's reading: the first gauge collected starts it, the others share it; a failure reads as none. */
  const read = (): Promise<readonly QuotaReading[]> =>
    (pending ??= (source()?.() ?? Promise.resolve([]))
      .catch(() => [])
      .finally(() => {
        pending = undefined;
      }));
  const labelled = async (each: (labels: QuotaLabels, reading: QuotaReading) => void) => {
    for (const reading of await read()) each(pairs.get(`${reading.resource}/${reading.deployment}`, reading), reading);
  };
  const byKind = (name: string, help: string, field: keyof QuotaFigures, aggregator: 'max' | 'min') =>
    new Gauge({
      name,
      help,
      labelNames: ['resource', 'region', 'deployment', 'kind'] as const,
      registers,
      // the workers of one process share the limits: each reads the same quota, so they are not summed
      aggregator,
      async collect() {
        this.reset();
        await labelled((labels, reading) => {
          for (const kind of KINDS) {
            const figures = reading[kind];
            if (figures && Number.isFinite(figures[field])) this.inc({ ...labels, kind }, figures[field]);
          }
        });
      },
    });
  byKind(
    METRIC_NAMES.quotaLimit,
    'A deployment’s quota in force, by kind: tokens (TPM; provisioned: the PTU bucket’s size) and requests (RPM), a drill’s quota factor applied.',
    'limit',
    'max',
  );
  byKind(
    METRIC_NAMES.quotaUsed,
    'What a deployment’s quota window has counted now, by kind: tokens (provisioned: the PTU bucket’s level) and requests.',
    'used',
    'max',
  );
  byKind(METRIC_NAMES.quotaRemaining, 'What remains of a deployment’s quota now, by kind: tokens and requests.', 'remaining', 'min');
  new Gauge({
    name: METRIC_NAMES.ptuUtilization,
    help: 'A provisioned deployment’s utilization now, 0 to 1 (past 1 after a large admission): its bucket’s level against its size.',
    labelNames: ['resource', 'region', 'deployment'] as const,
    registers,
    aggregator: 'max',
    async collect() {
      this.reset();
      await labelled((labels, reading) => {
        if (reading.utilization !== undefined && labels.deployment !== OVERFLOW_LABEL) this.set(labels, reading.utilization / 100);
      });
    },
  });
}
