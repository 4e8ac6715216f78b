import { keepsLog, type LimitSettings } from './limit-settings.ts';
import { drainedLevel, emptyState, type LimitState } from './limit-state.ts';
import { levelTokens, utilizationPerMille } from './provisioned-bucket.ts';
import { windowUsage } from './window-usage.ts';

/** One window's quota as it stands. */
export interface QuotaUse {
  limit: number;
  used: number;
  remaining: number;
}

/**
 * A deployment's limits as they stand, for the control API. Counts are those the next request would be
 * judged against, without it. Unset parts do not apply to the deployment.
 */
export interface LimitSnapshot {
  deployment: string;
  /** unlimited: no rate limit; standard: TPM and RPM windows; provisioned: the PTU bucket (and an RPM if set). */
  mode: 'unlimited' | 'standard' | 'provisioned';
  /** How the 60 s counts are kept, when there are any. */
  window?: 'sliding' | 'per-minute';
  /** Standard: tokens charged in the 60 s window against the TPM. Provisioned: the tokens in the bucket against its size. */
  tokens?: QuotaUse;
  /** Requests in the 60 s window against the RPM, and in the sliding burst window against its share. */
  requests?: QuotaUse & { burst: QuotaUse & { windowMs: number } };
  /** Provisioned: the bucket's level in percent of its size, one decimal, rounded down (past 100 after a large admission). */
  utilization?: number;
}

/** The snapshot of `state` at `now`; reads the state without changing it. */
export function snapshotOf(
  deployment: string,
  settings: LimitSettings | undefined,
  state: LimitState | undefined,
  now: number,
): LimitSnapshot {
  if (!settings) return { deployment, mode: 'unlimited' };
  const current = state ?? emptyState(now);
  const at = Math.max(now, current.last);
  const usage = windowUsage(settings, current, at);
  const snapshot: LimitSnapshot = { deployment, mode: settings.ptuCapacity === undefined ? 'standard' : 'provisioned' };
  if (keepsLog(settings)) snapshot.window = settings.perMinute ? 'per-minute' : 'sliding';
  if (settings.tpm !== undefined) snapshot.tokens = quotaUse(settings.tpm, usage.tokens);
  if (settings.ptuCapacity !== undefined) {
    const level = drainedLevel(current, settings.ptuCapacity, at);
    snapshot.tokens = quotaUse(settings.ptuCapacity, levelTokens(level));
    snapshot.utilization = utilizationPerMille(level, settings.ptuCapacity) / 10;
  }
  if (settings.rpm !== undefined && settings.burstLimit !== undefined) {
    const burst = { windowMs: settings.burstMs, ...quotaUse(settings.burstLimit, usage.burstRequests) };
    snapshot.requests = { ...quotaUse(settings.rpm, usage.requests), burst };
  }
  return snapshot;
}

function quotaUse(limit: number, used: number): QuotaUse {
  return { limit, used, remaining: Math.max(0, limit - used) };
}
