import Router from '@koa/router';
import type { Context } from 'koa';
import type { SimConfig } from '../config/resolve-config.ts';
import { readBody } from '../http/read-body.ts';
import { batchCreateRequest, batchErrors, batchObject, type BatchJobs } from '../operations/batches/index.ts';
import type { Inbound, Resource } from '../pipeline/index.ts';
import { checkApiVersion, checkBatchesVersion } from '../protocol/api-version-check.ts';

/** The most a create's JSON body may hold: its few fields and 16 metadata pairs fit many times over. */
const MAX_CREATE_BYTES = 1 << 20;

/** The request headers a batch's lines are sent with: its credentials, the test id, and the host for image URLs. */
const CARRIED_HEADERS = ['api-key', 'authorization', 'host'];

/**
 * The Batch API on the dated and v1 routes, checked against the api-version policy in force as the operations are:
 * create (from a file uploaded with purpose batch), retrieve, list and cancel. The jobs run on the job clock (see
 * BatchJobs); `resourceOf` names the resource a request reached, which the batch's lines are answered on.
 */
export function batchesRouter(config: () => SimConfig, jobs: BatchJobs, resourceOf: (ctx: Context) => Resource): Router {
  const router = new Router();
  for (const [prefix, route] of [
    ['/openai/batches', 'dated'],
    ['/openai/v1/batches', 'v1'],
  ] as const) {
    const version = (query: Record<string, unknown>) =>
      checkBatchesVersion(checkApiVersion(query['api-version'], route, config().server.apiVersionPolicy));

    router.post(prefix, async (ctx) => {
      version(ctx.query);
      const { fields } = await readBody(koaInbound(ctx), 'json', MAX_CREATE_BYTES, false);
      const request = batchCreateRequest(fields);
      const testIdHeader = config().server.testIdHeader;
      const headers = Object.fromEntries(
        [...CARRIED_HEADERS, testIdHeader].flatMap((name) => (ctx.get(name) === '' ? [] : [[name, ctx.get(name)]])),
      );
      const batch = await jobs.create(request, resourceOf(ctx), headers);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(batchObject(batch));
    });

    router.get(prefix, (ctx) => {
      version(ctx.query);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(jobs.book.page(ctx.query));
    });

    router.get(`${prefix}/:id`, (ctx) => {
      version(ctx.query);
      const batch = jobs.book.get(ctx.params.id!);
      if (!batch) throw batchErrors.notFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(batchObject(batch));
    });

    router.post(`${prefix}/:id/cancel`, (ctx) => {
      version(ctx.query);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(batchObject(jobs.cancel(ctx.params.id!)));
    });
  }
  return router;
}

/** A Koa request as the body reader reads a data-plane request. */
function koaInbound(ctx: Context): Inbound {
  return {
    method: ctx.method,
    path: ctx.path,
    url: ctx.url,
    query: new URLSearchParams(ctx.querystring),
    headers: ctx.headers,
    header: (name) => ctx.get(name),
    mediaType: ctx.request.type.toLowerCase(),
    body: ctx.req,
  };
}
