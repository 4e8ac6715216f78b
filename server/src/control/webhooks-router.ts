import Router from '@koa/router';
import type { WebhookAttemptLog } from '../webhooks/attempt-log.ts';
import { badControlRequest } from './control-errors.ts';

const FILTERS = ['type', 'id', 'endpoint', 'outcome'] as const;

/**
 * `GET /__sim/webhooks/deliveries`: every webhook delivery attempt listed (the latest
 * webhooks.maxAttemptsListed), oldest first, with the totals by outcome since the start. Filters:
 * `?type=batch.completed`, `?id=<the job's id>`, `?endpoint=<name or url>`, `?outcome=delivered|failed|dropped`.
 */
export function webhooksRouter(log: WebhookAttemptLog): Router {
  const router = new Router();
  router.get('/webhooks/deliveries', (ctx) => {
    const filter: Record<string, string> = {};
    for (const [key, value] of Object.entries(ctx.query)) {
      if (!(FILTERS as readonly string[]).includes(key)) throw badControlRequest(`Unknown filter '${key}': use ${FILTERS.join(', ')}.`);
      if (typeof value !== 'string') throw badControlRequest(`Give the filter '${key}' once.`);
      filter[key] = value;
    }
    const { id, ...rest } = filter;
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({
      object: 'list',
      data: log.list({ ...rest, ...(id === undefined ? {} : { dataId: id }) }),
      totals: log.totals,
    });
  });
  return router;
}
