import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { AoaiError } from './aoai-error.ts';
import { requestIdOf } from './request-id.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import { withHint } from '../protocol/refusal-hints.ts';
import { SharedStateUnavailable } from '../store/state-guard.ts';

/**
 * The one place errors become responses: an AoaiError renders itself, a route nothing answered gets the
 * service's 404 (with `unknownPathHint`'s words for the log, when it has some), and anything else is logged and
 * answered with the service's 500 (never a stack trace).
 */
export function errorMiddleware(logger: Logger, unknownPathHint?: (method: string, path: string) => string | undefined): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) {
          const hint = unknownPathHint?.(ctx.method, ctx.path);
          throw hint === undefined ? AoaiError.resourceNotFound() : withHint(AoaiError.resourceNotFound(), hint);
        }
        // set by the router's allowedMethods for a known path asked with another method
        if (ctx.status === 405 || ctx.status === 501)
          throw serviceErrors.methodNotAllowed(ctx.method, (ctx.response.get('allow') || 'POST').split(/,\s*/));
      }
    } catch (caught) {
      const error = asServiceError(caught, requestIdOf(ctx), logger);
      ctx.status = error.status;
      ctx.set(error.headers);
      ctx.set('Content-Type', 'application/json');
      ctx.body = error.body;
    }
  };
}

/**
 * What a thrown value is answered with: an AoaiError as it is (its log note logged), a library's client error
 * with its message, anything else the service's 500, logged with its stack (which the client never sees).
 */
export function asServiceError(caught: unknown, requestId: string, logger: Logger): AoaiError {
  const error = caught instanceof AoaiError ? caught : fromUnexpected(caught, requestId, logger);
  if (error.logNote) logger.warn({ requestId, status: error.status }, error.logNote);
  return error;
}

function fromUnexpected(caught: unknown, requestId: string, logger: Logger): AoaiError {
  // fail-closed while the shared state is out of reach: the service's 503, which clients retry; the guard has logged it
  if (caught instanceof SharedStateUnavailable) return serviceErrors.overloaded(requestId);
  const status = (caught as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (caught as { expose?: boolean }).expose) {
    // a client error raised by a library (body parser, router): its message is meant for the client
    return AoaiError.openai(status, (caught as Error).message);
  }
  logger.error({ err: caught, requestId }, 'unexpected error while handling a request');
  return AoaiError.internal(requestId);
}
