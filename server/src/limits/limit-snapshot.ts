import { keepsLog, type LimitSettings } from './limit-settings.ts';
import { levelTokens, utilizationPerMille } from './provisioned-bucket.ts';
import type { WindowCounts } from './window-usage.ts';

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

const NOTHING_COUNTED: WindowCounts = { tokens: 0, requests: 0, burstRequests: 0, level: 0 };

/** The snapshot of a quota's counts (none kept: nothing counted yet). */
export function snapshotOf(deployment: string, settings: LimitSettings | undefined, counts: WindowCounts = NOTHING_COUNTED): LimitSnapshot {
  if (!settings) return { deployment, mode: 'unlimited' };
  const snapshot: LimitSnapshot = { deployment, mode: settings.ptuCapacity === undefined ? 'standard' : 'provisioned' };
  if (keepsLog(settings)) snapshot.window = settings.perMinute ? 'per-minute' : 'sliding';
  if (settings.tpm !== undefined) snapshot.tokens = quotaUse(settings.tpm, counts.tokens);
  if (settings.ptuCapacity !== undefined) {
    snapshot.tokens = quotaUse(settings.ptuCapacity, levelTokens(counts.level));
    snapshot.utilization = utilizationPerMille(counts.level, settings.ptuCapacity) / 10;
  }
  if (settings.rpm !== undefined && settings.burstLimit !== undefined) {
    const burst = { windowMs: settings.burstMs, ...quotaUse(settings.burstLimit, counts.burstRequests) };
    snapshot.requests = { ...quotaUse(settings.rpm, counts.requests), burst };
  }
  return snapshot;
}

function quotaUse(limit: number, used: number): QuotaUse {
  return { limit, used, remaining: Math.max(0, limit - used) };
}
