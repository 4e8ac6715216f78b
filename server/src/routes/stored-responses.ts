import Router from '@koa/router';
import type { SimConfig } from '../config/resolve-config.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { inputItemsPage, inputItemsQuery } from '../operations/responses/input-items.ts';
import type { ResponseStore } from '../operations/responses/response-store.ts';
import { checkApiVersion } from '../protocol/api-version-check.ts';

/**
 * An id the store does not hold (never issued, deleted, or not stored): 404 with the OpenAI error body, as the
 * Responses API answers it on retrieve, delete, input_items and cancel alike.
 */
export const responseNotFound = (id: string) => AoaiError.openai(404, `Response with id '${id}' not found.`);

/**
 * `GET` and `DELETE /openai/responses/{id}` and `GET …/{id}/input_items` (and the v1 twins): stored responses,
 * checked against the api-version policy in force, as the operations are.
 */
export function storedResponsesRouter(config: () => SimConfig, store: ResponseStore): Router {
  const router = new Router();
  for (const [prefix, route] of [
    ['/openai/responses/:id', 'dated'],
    ['/openai/v1/responses/:id', 'v1'],
  ] as const) {
    router.get(prefix, async (ctx) => {
      checkApiVersion(ctx.query['api-version'], route, config().server.apiVersionPolicy);
      const stored = await store.response(ctx.params.id!);
      if (!stored) throw responseNotFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(stored.body);
    });
    router.get(`${prefix}/input_items`, async (ctx) => {
      checkApiVersion(ctx.query['api-version'], route, config().server.apiVersionPolicy);
      const query = inputItemsQuery(ctx.query);
      const stored = await store.response(ctx.params.id!);
      if (!stored) throw responseNotFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(inputItemsPage(stored.conversation.slice(0, stored.inputCount), query));
    });
    router.delete(prefix, async (ctx) => {
      checkApiVersion(ctx.query['api-version'], route, config().server.apiVersionPolicy);
      if (!(await store.delete(ctx.params.id!))) throw responseNotFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ id: ctx.params.id, object: 'response.deleted', deleted: true });
    });
  }
  return router;
}
