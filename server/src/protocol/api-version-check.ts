import { isKnownApiVersion, supports, V1_API_VERSIONS } from './api-versions.ts';
import { missingApiVersionHint, responsesApiVersionHint, unsupportedApiVersionHint, withHint } from './refusal-hints.ts';
import { serviceErrors } from './service-errors.ts';

/**
 * The api-version a request may proceed with, or the service's error: a dated route without one is a 404, an
 * unknown one a 400 under the strict policy. The v1 routes take none, `v1` or `preview`.
 */
export function checkApiVersion(value: unknown, route: 'dated' | 'v1', policy: 'strict' | 'any'): string | undefined {
  const version = Array.isArray(value) ? value[0] : value;
  if (typeof version !== 'string' || version === '') {
    if (route === 'v1') return undefined;
    throw withHint(serviceErrors.missingApiVersion(), missingApiVersionHint());
  }
  if (policy === 'any') return version;
  const known = route === 'v1' ? (V1_API_VERSIONS as readonly string[]).includes(version) : isKnownApiVersion(version);
  if (!known) throw withHint(serviceErrors.unsupportedApiVersion(), unsupportedApiVersionHint(version, route));
  return route === 'v1' ? undefined : version;
}

/** The Responses API on a dated route needs 2025-03-01-preview or later. */
export function checkResponsesVersion(version: string | undefined): void {
  if (!supports(version, 'responses')) throw withHint(serviceErrors.unsupportedApiVersion(), responsesApiVersionHint(version));
}

/** The Batch API on a dated route needs 2024-07-01-preview or later (2024-10-21 among the stable versions). */
export function checkBatchesVersion(version: string | undefined): void {
  if (!supports(version, 'batches')) throw serviceErrors.unsupportedApiVersion();
}
