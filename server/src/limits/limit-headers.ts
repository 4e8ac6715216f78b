import type { LimitSettings } from './limit-settings.ts';
import { formatUtilization, utilizationPerMille } from './provisioned-bucket.ts';
import type { WindowCounts } from './window-usage.ts';

/**
 * The service's rate-limit headers for the windows as they stand: after the admission on success, before
 * the request on a 429 (a refused request consumes nothing). Requests and tokens are counted over the 60 s
 * window (or the current minute), never the burst window; remaining values never go below 0. A
 * provisioned deployment reports its utilization, and request headers only when it has an `rpm`.
 */
export function limitHeaders(settings: LimitSettings, counts: WindowCounts): Record<string, string> {
  const headers: Record<string, string> = {};
  if (settings.rpm !== undefined) {
    headers['x-ratelimit-limit-requests'] = String(settings.rpm);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, settings.rpm - counts.requests));
  }
  if (settings.tpm !== undefined) {
    headers['x-ratelimit-limit-tokens'] = String(settings.tpm);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, settings.tpm - counts.tokens));
  }
  if (settings.ptuCapacity !== undefined) {
    headers['azure-openai-deployment-utilization'] = formatUtilization(utilizationPerMille(counts.level, settings.ptuCapacity));
  }
  return headers;
}
