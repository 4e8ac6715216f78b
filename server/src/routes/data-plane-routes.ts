import Router from '@koa/router';
import { match, type MatchFunction } from 'path-to-regexp';
import { serviceErrors } from '../protocol/service-errors.ts';
import { ROUTES } from './route-specs.ts';

/**
 * The data-plane paths for Koa, which serves every method but POST on them: the service's 405, naming POST as
 * the one allowed, and OPTIONS with `Allow: POST`.
 */
export function dataPlaneMethodsRouter(): Router {
  const router = new Router();
  for (const spec of ROUTES) {
    router.all(spec.path, (ctx) => {
      if (ctx.method === 'OPTIONS') {
        ctx.set('Allow', 'POST');
        ctx.status = 200;
        ctx.body = '';
        return;
      }
      throw serviceErrors.methodNotAllowed(ctx.method, ['POST']);
    });
  }
  return router;
}

/** Matches a route's path as @koa/router does: case-insensitive, a trailing slash allowed, parameters decoded. */
export function routeMatcher(path: string): MatchFunction<Record<string, string>> {
  return match<Record<string, string>>(path, { decode: safeDecode, sensitive: false, trailing: true });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
