import Router from '@koa/router';
import type { SimConfig } from '../config/resolve-config.ts';
import type { ResponseStore } from '../operations/responses/response-store.ts';
import { checkApiVersion } from '../protocol/api-version-check.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/**
 * `GET` and `DELETE /openai/responses/{id}` (and the v1 twins): stored responses, checked against the
 * api-version policy in force, as the operations are.
 */
export function storedResponsesRouter(config: () => SimConfig, store: ResponseStore): Router {
  const router = new Router();
  const notFound = (id: string) => serviceErrors.invalidRequest(`Response with id '${id}' not found.`, null, null);
  for (const [prefix, route] of [
    ['/openai/responses/:id', 'dated'],
    ['/openai/v1/responses/:id', 'v1'],
  ] as const) {
    router.get(prefix, async (ctx) => {
      checkApiVersion(ctx.query['api-version'], route, config().server.apiVersionPolicy);
      const stored = await store.response(ctx.params.id!);
      if (!stored) throw notFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(stored.body);
    });
    router.delete(prefix, async (ctx) => {
      checkApiVersion(ctx.query['api-version'], route, config().server.apiVersionPolicy);
      if (!(await store.delete(ctx.params.id!))) throw notFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ id: ctx.params.id, object: 'response.deleted', deleted: true });
    });
  }
  return router;
}
