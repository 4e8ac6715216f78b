import Koa from 'koa';
import { observeMiddleware } from './http/observe.ts';
import { Journal } from './journal/index.ts';
import { SimMetrics } from './metrics/index.ts';
import { metricsRouter } from './routes/metrics.ts';
import { authMiddleware } from './http/auth.ts';
import { errorMiddleware } from './http/error-middleware.ts';
import { requestIdMiddleware } from './http/request-id.ts';
import type { Logger } from './logger.ts';
import { imageFilesRouter } from './operations/images/image-url.ts';
import { createOperationHandlers } from './operations/index.ts';
import { dataPlaneRouter } from './routes/data-plane.ts';
import { healthRouter } from './routes/health.ts';
import { modelsRouter } from './routes/models.ts';
import { InMemoryLimiterStore, RateLimiter } from './limits/index.ts';
import { InFlightCounter } from './latency/index.ts';
import type { StateHolder } from './sim-state.ts';
import { controlRouter } from './control/control-router.ts';
import { storedResponsesRouter } from './routes/stored-responses.ts';

/** The Koa application: ids and service headers, the error renderer, the access log, then the routes. */
export function createApp(state: StateHolder, logger: Logger, options: { processMetrics?: boolean } = {}): Koa {
  const config = state.current.config;
  const journal = new Journal({ maxEntries: config.server.journal.maxEntries, maxBytes: config.server.journal.maxBytes });
  const metrics = new SimMetrics({ processMetrics: options.processMetrics ?? false });
  metrics.setJournalSource(() => journal.stats());
  const app = new Koa();
  app.proxy = false;
  app.silent = true;
  app.on('error', (error: NodeJS.ErrnoException) => {
    // errors writing to a client that went away; everything else was rendered by errorMiddleware
    logger.debug({ err: error }, 'response stream error');
  });
  app.use(requestIdMiddleware(config.server.region));
  app.use(observeMiddleware(logger, metrics, journal));
  app.use(errorMiddleware(logger));
  app.use(healthRouter().routes());
  app.use(metricsRouter(metrics).routes());
  const auth = authMiddleware(config.server.auth);
  app.use((ctx, next) => (ctx.path === '/openai' || ctx.path.startsWith('/openai/') ? auth(ctx, next) : next()));
  const operations = createOperationHandlers();
  const limits = new RateLimiter(new InMemoryLimiterStore());
  app.use(imageFilesRouter().routes());
  const control = controlRouter({ state, limits, overrides: state.overrides, journal });
  app.use(control.routes());
  app.use(control.allowedMethods());
  const dataPlane = dataPlaneRouter(config, operations.handlers, { state, limits, inFlight: new InFlightCounter(), metrics });
  app.use(dataPlane.routes());
  app.use(dataPlane.allowedMethods());
  for (const router of [modelsRouter(() => state.current.config), storedResponsesRouter(config, operations.responses)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
