import { STATUS_CODES } from 'node:http';
import type { ErrorShorthand, FaultAction, Operation } from '../generated/scenarios.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { promptFilterResults } from '../protocol/content-filter.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/** The 429 the service sends under peak load, which is not a quota matter: retry after 20 s. */
export function highDemand(): AoaiError {
  const message =
    'The system is currently experiencing high demand and cannot process your request. Your request exceeds the maximum usage size allowed during peak load. Please retry after 20 seconds. For improved latency reliability, consider switching to Provisioned Throughput.';
  return new AoaiError(429, JSON.stringify({ error: { code: '429', message } }), { 'retry-after': '20', 'retry-after-ms': '20000' });
}

/** What an error shorthand's error names: the request, its operation and api-version. */
export interface ShorthandContext {
  requestId: string;
  operation: Operation;
  apiVersion: string | undefined;
}

/**
 * The service's error for an error shorthand (a fault's `error`, a rule's `respond.error`), but for
 * context_length_exceeded, whose figures each caller knows best.
 */
export function shorthandError(shorthand: Exclude<ErrorShorthand, 'context_length_exceeded'>, context: ShorthandContext): AoaiError {
  switch (shorthand) {
    case 'server_error':
      return serviceErrors.serverError(context.requestId);
    case 'overloaded':
      return serviceErrors.overloaded(context.requestId);
    case 'rate_limited':
      return serviceErrors.rateLimited(context.operation, context.apiVersion, 2000, 'token');
    case 'content_filter':
      return serviceErrors.promptFiltered(promptFilterResults({ jailbreak: true }));
  }
}

/** The error a `status` fault answers with: the service's body for 429, 500 and 503, a gateway-style one otherwise. */
export function faultError(action: FaultAction, context: ShorthandContext & { contextWindow: number }): AoaiError {
  if (action.error === 'context_length_exceeded')
    return serviceErrors.contextLengthExceeded(context.contextWindow, context.contextWindow + 1, undefined);
  if (action.error !== undefined) return shorthandError(action.error, context);
  const status = action.status ?? 500;
  if (status === 429) return highDemand();
  if (status === 500) return serviceErrors.serverError(context.requestId);
  if (status === 503) return serviceErrors.overloaded(context.requestId);
  return new AoaiError(status, JSON.stringify({ error: { code: String(status), message: STATUS_CODES[status] ?? 'Error' } }));
}
