import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';

/**
 * Gives every request the ids the service sends back: `apim-request-id` and `x-request-id` (the one the SDKs
 * read), and `x-ms-client-request-id`, the caller's own when it sent one. Also the headers the service puts on
 * every response.
 */
export function requestIdMiddleware(region: string): Middleware {
  return async (ctx, next) => {
    const apimRequestId = randomUUID();
    ctx.state.requestId = apimRequestId;
    ctx.set({
      'apim-request-id': apimRequestId,
      'x-request-id': randomUUID(),
      'x-ms-client-request-id': ctx.get('x-ms-client-request-id') || apimRequestId,
      'x-ms-region': region,
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    });
    await next();
  };
}

/** The request's `apim-request-id`. */
export function requestIdOf(ctx: Context): string {
  return String(ctx.state.requestId ?? '');
}
