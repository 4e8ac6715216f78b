import Router from '@koa/router';
import type { Context } from 'koa';
import type { JobClock } from '../clock/index.ts';
import type { SimConfig } from '../config/resolve-config.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { checkApiVersion } from '../protocol/api-version-check.ts';
import {
  createRequest,
  endpointListPage,
  endpointObject,
  sendSampleEvent,
  updateRequest,
  webhookEndpointErrors,
  WEBHOOK_EVENT_TYPES,
  type RegisteredEndpoint,
  type RegisteredEndpoints,
} from '../webhooks/index.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import { readJsonFields } from './json-fields.ts';

const PREFIX = '/openai/v1/dashboard';
/** How long a rotation with `keep_old_secret_active_for_24_hours` keeps the old secret signing. */
const KEEP_OLD_SECRET_MS = 24 * 3600_000;

/**
 * Webhook endpoint management at /openai/v1/dashboard/webhook_endpoints, as the Azure webhooks how-to documents it
 * (create, list, update by POST, delete) with what openai-node's `client.webhooks` adds (retrieve, rotate_secret,
 * test, and /webhook_event_types) given a base URL of `…/openai/v1/dashboard`. The endpoints registered here get
 * the job events as the scenarios file's do; times are the job clock's.
 */
export function webhookEndpointsRouter(config: () => SimConfig, endpoints: RegisteredEndpoints, jobs: JobClock): Router {
  const router = new Router({ prefix: PREFIX });
  const version = (ctx: Context) => checkApiVersion(ctx.query['api-version'], 'v1', config().server.apiVersionPolicy);
  const nowSeconds = () => Math.floor(jobs.epochMs() / 1000);
  const body = (ctx: Context) => readJsonFields(ctx.req, config().server.maxBodyBytes);
  const answer = (ctx: Context, value: unknown) => {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(value);
  };
  const found = (ctx: Context, endpoint: RegisteredEndpoint | undefined): RegisteredEndpoint => {
    if (!endpoint) throw webhookEndpointErrors.notFound(ctx.params.id!);
    return endpoint;
  };

  router.post('/webhook_endpoints', async (ctx) => {
    version(ctx);
    const created = endpoints.create(createRequest(await body(ctx)), nowSeconds());
    if (!created) throw webhookEndpointErrors.tooMany(endpoints.cap);
    answer(ctx, endpointObject(created, true));
  });

  router.get('/webhook_endpoints', (ctx) => {
    version(ctx);
    answer(ctx, endpointListPage(endpoints.newestFirst(), ctx.query));
  });

  router.get('/webhook_endpoints/:id', (ctx) => {
    version(ctx);
    answer(ctx, endpointObject(found(ctx, endpoints.get(ctx.params.id!))));
  });

  router.post('/webhook_endpoints/:id', async (ctx) => {
    version(ctx);
    found(ctx, endpoints.get(ctx.params.id!));
    answer(ctx, endpointObject(found(ctx, endpoints.update(ctx.params.id!, updateRequest(await body(ctx)), nowSeconds()))));
  });

  router.delete('/webhook_endpoints/:id', (ctx) => {
    version(ctx);
    if (!endpoints.delete(ctx.params.id!)) throw webhookEndpointErrors.notFound(ctx.params.id!);
    answer(ctx, { id: ctx.params.id, object: 'webhook_endpoint.deleted', deleted: true });
  });

  router.post('/webhook_endpoints/:id/rotate_secret', async (ctx) => {
    version(ctx);
    found(ctx, endpoints.get(ctx.params.id!));
    const keepOld = (await body(ctx)).keep_old_secret_active_for_24_hours ?? false;
    if (typeof keepOld !== 'boolean')
      throw serviceErrors.invalidRequest(
        "'keep_old_secret_active_for_24_hours' must be a boolean.",
        'keep_old_secret_active_for_24_hours',
        'invalid_type',
      );
    // the old secret keeps signing for a day on the job clock, so a test moves past it with advanceClock
    const rotated = endpoints.rotateSecret(ctx.params.id!, nowSeconds(), keepOld ? jobs.epochMs() + KEEP_OLD_SECRET_MS : undefined);
    answer(ctx, endpointObject(found(ctx, rotated), true));
  });

  router.post('/webhook_endpoints/:id/test', async (ctx) => {
    version(ctx);
    const endpoint = found(ctx, endpoints.get(ctx.params.id!));
    const type = (await body(ctx)).event_type;
    if (typeof type !== 'string' || !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type))
      throw serviceErrors.invalidRequest(`Invalid event type: ${JSON.stringify(type ?? null)}.`, 'event_type', 'invalid_value');
    const result = await sendSampleEvent(endpoint, type, config().webhooks.timeoutMs, jobs.epochMs());
    if ('error' in result)
      throw AoaiError.openai(400, `The test event could not be delivered to ${endpoint.url}: ${result.error}.`, {
        param: 'url',
        code: 'webhook_test_failed',
      });
    answer(ctx, {
      object: 'webhook_endpoint.test',
      webhook_endpoint_id: endpoint.id,
      event_type: type,
      status_code: result.status,
      success: true,
    });
  });

  router.get('/webhook_event_types', (ctx) => {
    version(ctx);
    answer(ctx, { object: 'list', data: WEBHOOK_EVENT_TYPES });
  });

  return router;
}
