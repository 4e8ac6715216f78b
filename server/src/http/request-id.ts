import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';

/**
 * The ids the service sends back, `apim-request-id` and `x-request-id` (the one the SDKs read), and
 * `x-ms-client-request-id`, the caller's own when it sent one; with the headers the service puts on every
 * response.
 */
export function serviceHeaders(region: string, clientRequestId: string): { requestId: string; headers: Record<string, string> } {
  const requestId = randomUUID();
  return {
    requestId,
    headers: {
      'apim-request-id': requestId,
      'x-request-id': randomUUID(),
      'x-ms-client-request-id': clientRequestId || requestId,
      'x-ms-region': region,
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    },
  };
}

/** The names of the headers serviceHeaders gives. */
export const SERVICE_HEADERS: ReadonlySet<string> = new Set(Object.keys(serviceHeaders('', '').headers));

/** Gives every request the service's ids and headers (see serviceHeaders). */
export function requestIdMiddleware(region: string | ((ctx: Context) => string)): Middleware {
  return async (ctx, next) => {
    const { requestId, headers } = serviceHeaders(typeof region === 'string' ? region : region(ctx), ctx.get('x-ms-client-request-id'));
    ctx.state.requestId = requestId;
    ctx.set(headers);
    await next();
  };
}

/** The request's `apim-request-id`. */
export function requestIdOf(ctx: Context): string {
  return String(ctx.state.requestId ?? '');
}
