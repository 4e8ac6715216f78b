import type { Operation } from '../generated/scenarios.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import type { LimitRefused } from './admission-decision.ts';

/**
 * The service's 429 for a refused request: serviceErrors.rateLimited's body and retry headers
 * (`retry-after`, `retry-after-ms`, `x-ratelimit-reset-tokens` or `-requests`), plus the refusal's limit,
 * remaining and utilization headers.
 */
export function rateLimitedError(refusal: LimitRefused, operation: Operation, apiVersion: string | undefined): AoaiError {
  const error = serviceErrors.rateLimited(operation, apiVersion, refusal.retryAfterMs, refusal.limit);
  return new AoaiError(error.status, error.body, { ...refusal.headers, ...error.headers });
}
