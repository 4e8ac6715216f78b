import Router from '@koa/router';
import type { SimMetrics } from '../metrics/index.ts';

/** `GET /metrics`: Prometheus text. Needs no credential, as scrapers expect. */
export function metricsRouter(metrics: SimMetrics): Router {
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    const { contentType, body } = await metrics.render();
    ctx.set('Content-Type', contentType);
    ctx.body = body;
  });
  return router;
}
