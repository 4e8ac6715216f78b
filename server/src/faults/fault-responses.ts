import { STATUS_CODES } from 'node:http';
import type { FaultAction, Operation } from '../generated/scenarios.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { promptFilterResults } from '../protocol/content-filter.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/** The 429 the service sends under peak load, which is not a quota matter: retry after 20 s. */
export function highDemand(): AoaiError {
  const message =
    'The system is currently experiencing high demand and cannot process your request. Your request exceeds the maximum usage size allowed during peak load. Please retry after 20 seconds. For improved latency reliability, consider switching to Provisioned Throughput.';
  return new AoaiError(429, JSON.stringify({ error: { code: '429', message } }), { 'retry-after': '20', 'retry-after-ms': '20000' });
}

/** The error a `status` fault answers with: the service's body for 429, 500 and 503, a gateway-style one otherwise. */
export function faultError(
  action: FaultAction,
  context: { requestId: string; operation: Operation; apiVersion: string | undefined; contextWindow: number },
): AoaiError {
  switch (action.error) {
    case 'server_error':
      return serviceErrors.serverError(context.requestId);
    case 'overloaded':
      return serviceErrors.overloaded(context.requestId);
    case 'rate_limited':
      return serviceErrors.rateLimited(context.operation, context.apiVersion, 2000, 'token');
    case 'content_filter':
      return serviceErrors.promptFiltered(promptFilterResults({ jailbreak: true }));
    case 'context_length_exceeded':
      return serviceErrors.contextLengthExceeded(context.contextWindow, context.contextWindow + 1, undefined);
    case undefined:
      break;
  }
  const status = action.status ?? 500;
  if (status === 429) return highDemand();
  if (status === 500) return serviceErrors.serverError(context.requestId);
  if (status === 503) return serviceErrors.overloaded(context.requestId);
  return new AoaiError(status, JSON.stringify({ error: { code: String(status), message: STATUS_CODES[status] ?? 'Error' } }));
}
