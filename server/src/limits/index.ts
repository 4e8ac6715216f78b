/*
 * The service's rate limits, without I/O: admission decisions, exact retry-after and rate-limit headers,
 * over a replaceable state store. See RateLimiter.
 */
export {
  NEVER_FITS_MS,
  type Admission,
  type LimitAdmitted,
  type LimitDecision,
  type LimitRefused,
  type Verdict,
} from './admission-decision.ts';
export { estimateTokens, type EstimateInput } from './estimate-tokens.ts';
export { InMemoryLimiterStore, type LimiterStore } from './limiter-store.ts';
export { derivedRpm, limitSettings, type LimitSettings } from './limit-settings.ts';
export type { LimitSnapshot, QuotaUse } from './limit-snapshot.ts';
export type { LimitState } from './limit-state.ts';
export { rateLimitedError } from './rate-limited-error.ts';
export { RateLimiter, type LimitRequest } from './rate-limiter.ts';
export { SPILLOVER_REQUEST_HEADER, spilloverTarget } from './spillover-target.ts';
