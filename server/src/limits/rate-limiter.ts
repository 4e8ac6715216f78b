import { realClock } from '../clock/index.ts';
import type { ResolvedDeployment } from '../config/resolve-config.ts';
import { decisionOf, type Admission, type LimitDecision } from './admission-decision.ts';
import { InMemoryLimiterStore, type LimiterStore } from './limiter-store.ts';
import { limitHeaders } from './limit-headers.ts';
import { limitSettings, MINUTE_MS, scaledLimitSettings, type LimitSettings } from './limit-settings.ts';
import { snapshotOf, type LimitSnapshot } from './limit-snapshot.ts';
import { quotaKey } from './quota-key.ts';

/** A request to admit: its deployment and the tokens the service estimates it at (see estimateTokens). */
export interface LimitRequest {
  deployment: ResolvedDeployment;
  /** The resource whose deployment it is (Identity.resource); the one resource a simulator is today when absent. */
  resource?: string;
  estimate: number;
  /** The time of the request in ms; the limiter's clock when absent. */
  now?: number;
  /** A temporary quota adjustment (a drill, a `quota` fault): TPM, RPM and PTU capacity multiplied by it. 1 when absent. */
  quotaFactor?: number | undefined;
  /** A drill's PTU saturation: a provisioned deployment refuses as at 100% utilization, counting nothing. */
  ptuSaturated?: boolean | undefined;
}

/** The wait a saturated PTU deployment's 429 gives: as a bucket just over full would, about a second. */
export const SATURATED_RETRY_MS = 1_000;

/**
 * The service's rate limits, per deployment of a resource: a standard deployment's TPM and RPM windows, a
 * provisioned one's utilization bucket. The state lives in a LimiterStore, keyed by quotaKey (the resource and
 * the deployment of the request's Identity, as two resources' deployments of one name have two quotas); the clock (epoch ms,
 * as per-minute windows follow the wall-clock minute) is injected so tests and replays decide the same way
 * every time.
 */
export class RateLimiter {
  private readonly store: LimiterStore;
  private readonly clock: () => number;

  constructor(store: LimiterStore = new InMemoryLimiterStore(), clock: () => number = realClock.epochMs) {
    this.store = store;
    this.clock = clock;
  }

  /** Admits the request and counts it, or refuses it with the limit it hit and the exact wait. */
  async admit(request: LimitRequest): Promise<LimitDecision> {
    const now = request.now ?? this.clock();
    if (!Number.isFinite(request.estimate)) {
      throw new RangeError(`a rate-limit estimate must be a number of tokens, not ${request.estimate}`);
    }
    const estimate = Math.max(0, Math.ceil(request.estimate));
    const name = request.deployment.name;
    const settings =
      request.quotaFactor === undefined ? limitSettings(request.deployment) : scaledLimitSettings(request.deployment, request.quotaFactor);
    if (!settings) return { admitted: true, headers: {}, admission: { deployment: name, estimate, at: now } };
    if (request.ptuSaturated && settings.ptuCapacity !== undefined) return saturated(settings);
    const quota = quotaKey(request.resource, name);
    return decisionOf(name, quota, settings, estimate, await this.store.decide(quota, settings, now, estimate));
  }

  /**
   * Reports what an admitted request actually used, once it has completed. Only a provisioned bucket is
   * corrected (by actual − estimate); call it once per admission.
   */
  async settle(admission: Admission, actualTokens: number, now: number = this.clock()): Promise<void> {
    if (admission.ptuCapacity === undefined || admission.quota === undefined || !Number.isFinite(actualTokens)) return;
    await this.store.settle(admission as Admission & { quota: string }, Math.max(0, actualTokens), now);
  }

  /** Forgets what one deployment (of `resource`), or every deployment, has been charged. */
  async reset(deployment?: string, resource?: string): Promise<void> {
    if (deployment === undefined) await this.store.clear();
    else await this.store.delete(quotaKey(resource, deployment));
  }

  /** The deployment's limits (on `resource`) as they stand, without counting anything. */
  /** `quotaFactor`: a temporary quota adjustment in force (a drill), which the limits shown are multiplied by. */
  async snapshot(deployment: ResolvedDeployment, now: number = this.clock(), resource?: string, quotaFactor = 1): Promise<LimitSnapshot> {
    const settings = quotaFactor === 1 ? limitSettings(deployment) : scaledLimitSettings(deployment, quotaFactor);
    const counts = settings ? await this.store.counts(quotaKey(resource, deployment.name), settings, now) : undefined;
    return snapshotOf(deployment.name, settings, counts);
  }
}

/** A provisioned deployment's 429 at full utilization, whatever its bucket holds. */
function saturated(settings: LimitSettings): LimitDecision {
  const full = { tokens: 0, requests: 0, burstRequests: 0, level: (settings.ptuCapacity ?? 0) * MINUTE_MS };
  return { admitted: false, limit: 'token', retryAfterMs: SATURATED_RETRY_MS, headers: limitHeaders(settings, full) };
}
