import type { Counter, Gauge } from 'prom-client';
import { BoundedSeries } from './bounded-series.ts';
import { OVERFLOW_LABEL } from './label-values.ts';
import type { HistogramSeries } from './latency-histogram.ts';
import type { PendingCount } from './pending-counts.ts';
import type { SimInstruments } from './sim-instruments.ts';

/** The series of one deployment × operation pair, resolved once so that a request touches no labels() call. */
export interface OperationSeries {
  /** By status, from statusLabel(). */
  requests: BoundedSeries<number, PendingCount>;
  promptTokens: PendingCount;
  completionTokens: PendingCount;
  ttft: HistogramSeries;
  requestDuration: HistogramSeries;
}

/** The series of one deployment label. */
export interface DeploymentSeries {
  operations: BoundedSeries<string, OperationSeries>;
  streamsInFlight: Gauge.Internal<'deployment'>;
  rateLimitedTokens: Counter.Internal;
  rateLimitedRequests: Counter.Internal;
  faults: BoundedSeries<string, Counter.Internal>;
}

/** HTTP statuses run from 100 to 599, plus NO_STATUS: statusLabel() already bounds them. */
const STATUS_VALUES = 501;

/**
 * The series cache of every deployment label, capped at `limit` distinct values per label (deployments;
 * operations and faults within a deployment). Children are made up front: prom-client's labels() only
 * binds, it shows no series until the first increment, so eager children cost no exposition lines.
 */
export function deploymentSeries(instruments: SimInstruments, limit: number): BoundedSeries<string, DeploymentSeries> {
  const { pending } = instruments;
  const forOperation = (deployment: string, operation: string): OperationSeries => ({
    // The overflow key is never reached: statusLabel() yields no more than STATUS_VALUES values.
    requests: new BoundedSeries(
      STATUS_VALUES,
      (status: number) => pending.requests.add(instruments.requests.labels(deployment, operation, String(status))),
      -1,
    ),
    promptTokens: pending.promptTokens.add(instruments.promptTokens.labels(deployment, operation)),
    completionTokens: pending.completionTokens.add(instruments.completionTokens.labels(deployment, operation)),
    ttft: instruments.ttft.labels(deployment, operation),
    requestDuration: instruments.requestDuration.labels(deployment, operation),
  });
  const forDeployment = (deployment: string): DeploymentSeries => ({
    operations: new BoundedSeries(limit, (operation: string) => forOperation(deployment, operation), OVERFLOW_LABEL),
    streamsInFlight: instruments.streamsInFlight.labels(deployment),
    rateLimitedTokens: instruments.rateLimited.labels(deployment, 'tokens'),
    rateLimitedRequests: instruments.rateLimited.labels(deployment, 'requests'),
    faults: new BoundedSeries(limit, (fault: string) => instruments.faultsInjected.labels(deployment, fault), OVERFLOW_LABEL),
  });
  return new BoundedSeries(limit, forDeployment, OVERFLOW_LABEL);
}
