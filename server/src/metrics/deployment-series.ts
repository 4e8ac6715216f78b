import type { Counter, Gauge } from 'prom-client';
import { BoundedSeries } from './bounded-series.ts';
import { NO_DEPLOYMENT, OVERFLOW_LABEL } from './label-values.ts';
import type { HistogramSeries } from './latency-histogram.ts';
import type { PendingCount } from './pending-counts.ts';
import type { SimInstruments } from './sim-instruments.ts';

/** The resource a request reached, as the `resource` and `region` labels show it. */
export interface ResourceLabels {
  readonly name: string;
  readonly region: string;
}

/**
 * Where a request is counted: the resource it reached and, once resolved, its deployment. A data-plane turn's
 * Identity is one, so counting a request builds nothing.
 */
export interface SeriesAddress {
  readonly resource: ResourceLabels;
  /** The deployment's name; undefined for a request answered before its deployment was known (NO_DEPLOYMENT). */
  readonly deployment: string | undefined;
  /**
   * The resource and deployment as one key, set exactly when `deployment` is (the pipeline's quotaKey): what the
   * series are cached by, so that two resources' deployments of one name are apart and a lookup is one map read.
   */
  readonly deploymentKey: string | undefined;
}

/** The series of one deployment × operation pair, resolved once so that a request touches no labels() call. */
export interface OperationSeries {
  /** By status, from statusLabel(). */
  requests: BoundedSeries<number, PendingCount>;
  promptTokens: PendingCount;
  completionTokens: PendingCount;
  ttft: HistogramSeries;
  requestDuration: HistogramSeries;
}

/** The series of one resource's deployment label. */
export interface DeploymentSeries {
  operations: BoundedSeries<string, OperationSeries>;
  streamsInFlight: Gauge.Internal<'resource' | 'region' | 'deployment'>;
  rateLimitedTokens: Counter.Internal;
  rateLimitedRequests: Counter.Internal;
  faults: BoundedSeries<string, Counter.Internal>;
}

/** HTTP statuses run from 100 to 599, plus NO_STATUS: statusLabel() already bounds them. */
const STATUS_VALUES = 501;

/** The labels of the series past a cap: no resource, region or deployment name is spelt with parentheses. */
const OVERFLOW_RESOURCE: ResourceLabels = { name: OVERFLOW_LABEL, region: OVERFLOW_LABEL };

/**
 * The series cache of every resource's deployments, capped at `limit` distinct values per label: resource and
 * deployment pairs, resources whose requests named no known deployment, and operations and faults within a
 * deployment. Children are made up front: prom-client's labels() only binds, it shows no series until the first
 * increment, so eager children cost no exposition lines.
 */
export class DeploymentSeriesCache {
  /** By deploymentKey. */
  readonly #deployments: BoundedSeries<string, DeploymentSeries, SeriesAddress>;
  /** By resource name: the requests counted under NO_DEPLOYMENT. */
  readonly #undeployed: BoundedSeries<string, DeploymentSeries, ResourceLabels>;

  constructor(instruments: SimInstruments, limit: number) {
    const series = (resource: ResourceLabels, deployment: string) => deploymentSeries(instruments, limit, resource, deployment);
    this.#deployments = new BoundedSeries(
      limit,
      (_key, at: SeriesAddress | undefined) =>
        at ? series(at.resource, at.deployment ?? NO_DEPLOYMENT) : series(OVERFLOW_RESOURCE, OVERFLOW_LABEL),
      OVERFLOW_LABEL,
    );
    this.#undeployed = new BoundedSeries(
      limit,
      (_name, resource: ResourceLabels | undefined) => series(resource ?? OVERFLOW_RESOURCE, NO_DEPLOYMENT),
      OVERFLOW_LABEL,
    );
  }

  /** The series a request is counted in: its resource's deployment, or its resource's NO_DEPLOYMENT. */
  of(at: SeriesAddress): DeploymentSeries {
    const key = at.deploymentKey;
    return key === undefined ? this.#undeployed.get(at.resource.name, at.resource) : this.#deployments.get(key, at);
  }
}

function deploymentSeries(instruments: SimInstruments, limit: number, resource: ResourceLabels, deployment: string): DeploymentSeries {
  const { name, region } = resource;
  const { pending } = instruments;
  const forOperation = (operation: string): OperationSeries => ({
    // The overflow key is never reached: statusLabel() yields no more than STATUS_VALUES values.
    requests: new BoundedSeries(
      STATUS_VALUES,
      (status: number) => pending.requests.add(instruments.requests.labels(name, region, deployment, operation, String(status))),
      -1,
    ),
    promptTokens: pending.promptTokens.add(instruments.promptTokens.labels(name, region, deployment, operation)),
    completionTokens: pending.completionTokens.add(instruments.completionTokens.labels(name, region, deployment, operation)),
    ttft: instruments.ttft.labels(name, region, deployment, operation),
    requestDuration: instruments.requestDuration.labels(name, region, deployment, operation),
  });
  return {
    operations: new BoundedSeries(limit, forOperation, OVERFLOW_LABEL),
    streamsInFlight: instruments.streamsInFlight.labels(name, region, deployment),
    rateLimitedTokens: instruments.rateLimited.labels(name, region, deployment, 'tokens'),
    rateLimitedRequests: instruments.rateLimited.labels(name, region, deployment, 'requests'),
    faults: new BoundedSeries(limit, (fault: string) => instruments.faultsInjected.labels(name, region, deployment, fault), OVERFLOW_LABEL),
  };
}
