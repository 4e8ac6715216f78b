import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { requestIdOf } from './request-id.ts';

/** One log line per request at info (health checks at debug): request id, method, path, status and duration. */
export function accessLogMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const level = ctx.path === '/healthz' ? 'debug' : 'info';
      if (logger.isLevelEnabled(level)) {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        logger[level](
          {
            requestId: requestIdOf(ctx),
            method: ctx.method,
            path: ctx.path,
            status: ctx.status,
            ms,
            ...(ctx.state.rule ? { rule: ctx.state.rule } : {}),
          },
          'request',
        );
      }
    }
  };
}
