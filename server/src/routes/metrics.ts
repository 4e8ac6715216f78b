import Router from '@koa/router';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { SimMetrics } from '../metrics/index.ts';
import type { Replicas } from '../store/replicas.ts';

/**
 * `GET /metrics`: Prometheus text. Needs no credential, as scrapers expect. The workers of one process serve one
 * port, and a scrape reaches one of them: it answers for all, each series summed over the workers.
 */
export function metricsRouter(metrics: SimMetrics, workers?: Replicas): Router {
  const router = new Router();
  const summed = workers?.sumsMetrics ? workers : undefined;
  summed?.on('metrics', () => metrics.registry.getMetricsAsJSON());
  router.get('/metrics', async (ctx) => {
    if (summed) {
      const { replies } = await summed.ask('metrics', null);
      const all = [
        await metrics.registry.getMetricsAsJSON(),
        ...replies.map((reply) => reply.result as MetricObjectWithValues<MetricValue<string>>[]),
      ];
      const registry = AggregatorRegistry.aggregate(all);
      ctx.set('Content-Type', registry.contentType);
      ctx.body = await registry.metrics();
      return;
    }
    const { contentType, body } = await metrics.render();
    ctx.set('Content-Type', contentType);
    ctx.body = body;
  });
  return router;
}
