import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import { countTurns, journalTurns, logTurns, observeMiddleware } from './http/observe.ts';
import { Journal } from './journal/index.ts';
import { describeBehind, SimMetrics } from './metrics/index.ts';
import { metricsRouter } from './routes/metrics.ts';
import { errorMiddleware } from './http/error-middleware.ts';
import { requestIdMiddleware } from './http/request-id.ts';
import type { Logger } from './logger.ts';
import { imageFilesRouter } from './operations/images/image-url.ts';
import { createOperationHandlers } from './operations/index.ts';
import { dataPlane } from './routes/data-plane.ts';
import { ResourceDirectory, RESOURCE_PREFIX, TurnSink } from './pipeline/index.ts';
import { dataPlaneMethodsRouter } from './routes/data-plane-routes.ts';
import { healthRouter } from './routes/health.ts';
import { modelsRouter } from './routes/models.ts';
import { RateLimiter } from './limits/index.ts';
import { InFlightCounter } from './latency/index.ts';
import type { StateHolder } from './sim-state.ts';
import { controlRouter } from './control/control-router.ts';
import { limitsReport } from './control/limits-report.ts';
import { storedResponsesRouter } from './routes/stored-responses.ts';
import { BackgroundEnds } from './operations/responses/background-ends.ts';
import { MAX_REGISTERED_ENDPOINTS, RegisteredEndpoints, WebhookAttemptLog, WebhookDeliveries } from './webhooks/index.ts';
import { webhookEndpointsRouter } from './routes/webhook-endpoints.ts';
import { filesRouter } from './routes/files.ts';
import { videosRouter } from './routes/videos.ts';
import { VideoJobs } from './operations/videos/index.ts';
import { openFileStore } from './operations/files/index.ts';
import { BatchJobs, instantScheduler } from './operations/batches/index.ts';
import { batchesRouter } from './routes/batches.ts';
import { controlAccess } from './control/control-access.ts';
import { isUnder, normalizeTarget } from './http/request-target.ts';
import { ROUTES } from './routes/route-specs.ts';
import { unknownPathHint, unknownResourceHint } from './protocol/refusal-hints.ts';
import { corsStep } from './http/cors.ts';
import { conditionMiddleware } from './http/condition-middleware.ts';
import { schedulerFor } from './latency/index.ts';
import type { Turn } from './pipeline/index.ts';
import { dashboardRouter, LiveFeed, SnapshotMaker, UiAssets } from './dashboard/index.ts';
import { realtimeSessionObserver, realtimeUpgrade, type UpgradeListener } from './realtime/index.ts';

/** Serves one HTTP request. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The simulator's listener: HTTP requests, and the Realtime API's WebSocket upgrades (its server's 'upgrade'
 * event); `close` ends the streams that never end by themselves (the dashboard's live feeds) before a shutdown.
 */
export type SimListener = RequestListener & { upgrade: UpgradeListener; close: () => void };

/**
 * The simulator's request listener: the data plane (the operations) first, on Node's own request and response
 * because it is every load test's hot path; then the Koa application for everything else: health, metrics,
 * models, stored responses, the Files API, video jobs, generated image files and the control API, each with the service's ids and headers,
 * the error renderer and the access log.
 */
export function createApp(state: StateHolder, logger: Logger, options: { processMetrics?: boolean } = {}): SimListener {
  const { clock } = state;
  const config = state.current.config;
  const journal = new Journal({ maxEntries: config.server.journal.maxEntries, maxBytes: config.server.journal.maxBytes });
  const metrics = new SimMetrics({ processMetrics: options.processMetrics ?? false });
  metrics.setJournalSource(() => journal.stats());
  metrics.setStateSource(state.store.guard);
  // a load test that asks more of this process than one core can pace is told so, with what to do about it
  metrics.pacerLateness.onBehind((behind) => logger.warn({ pacer: behind }, describeBehind(behind)));
  // a job's failure is a bug of the simulator's: logged, and the other jobs go on
  state.jobs.onError = (error) => logger.error({ err: error }, 'a job on the job clock failed');
  const webhookAttempts = new WebhookAttemptLog(config.webhooks.maxAttemptsListed);
  // the endpoints in force when an event comes: a reload changes where the next events go
  // and to those registered at /openai/v1/dashboard/webhook_endpoints
  const webhookEndpoints = new RegisteredEndpoints(MAX_REGISTERED_ENDPOINTS);
  new WebhookDeliveries(
    state.jobs,
    () => state.current.config.webhooks,
    webhookAttempts,
    () => webhookEndpoints.inForce(),
  ).listen(state.jobEvents);
  metrics.setWebhooksSource(() => webhookAttempts.totals);
  const files = openFileStore(config.server.files);
  metrics.setFilesSource(() => files.evicted);
  const limits = new RateLimiter(state.store.limits, () => clock.epochMs());
  // bounded as the stored responses are: a run's end is announced while the response is likely still kept
  const backgroundEnds = new BackgroundEnds(
    state.jobs,
    state.jobEvents,
    state.store.responses,
    config.server.memory.storedResponses.maxEntries,
  );
  const operations = createOperationHandlers(config.server.memory, state.store.responses, backgroundEnds);
  // what each finished data-plane request is told to, in this order
  const turns = new TurnSink(clock);
  turns.subscribe(logTurns(logger));
  turns.subscribe(countTurns(metrics));
  turns.subscribe(journalTurns(journal));
  const resources = new ResourceDirectory(config, clock);
  const shared = { state, limits, inFlight: new InFlightCounter(), metrics, logger, observe: (turn: Turn) => turns.finish(turn) };
  const serveDataPlane = dataPlane(resources.own, operations.handlers, shared);
  const upgrade = realtimeUpgrade(
    resources,
    { ...shared, handlers: operations.handlers, scheduler: schedulerFor(clock) },
    realtimeSessionObserver(metrics, journal, clock, () => state.current.config.server.testIdHeader),
  );
  // batch lines go through the same turn, with no latency and into the journal only: they are not live traffic
  const batchLines = new TurnSink(state.jobs);
  batchLines.subscribe(journalTurns(journal));
  const batches = new BatchJobs(state, files, {
    state,
    handlers: operations.handlers,
    limits,
    inFlight: new InFlightCounter(),
    scheduler: instantScheduler(state.jobs),
    metrics,
    logger,
    observe: (turn) => batchLines.finish(turn),
  });
  metrics.setBatchSource(() => batches.stats());
  // the quotas are read at scrape time, from the limits report GET /__sim/limits answers
  metrics.setQuotaSource(() => limitsReport({ state, limits, batchQueue: (at) => batches.enqueued.held(at) }));
  const videoJobs = new VideoJobs(config.server.memory.videoJobs, state.jobs, state.jobEvents);
  metrics.setStoresSource(() => ({ ...operations.usage(), ...state.store.usage?.(), video_jobs: videoJobs.usage }));

  const app = new Koa();
  app.proxy = false;
  app.silent = true;
  app.on('error', (error: NodeJS.ErrnoException) => {
    // errors writing to a client that went away; everything else was rendered by errorMiddleware
    logger.debug({ err: error }, 'response stream error');
  });
  app.use(requestIdMiddleware(resources.single ? config.server.region : (ctx) => resources.of(ctx.req).region));
  app.use(
    observeMiddleware(logger, metrics, clock, (ctx) => resources.of(ctx.req), {
      journal,
      testIdHeader: () => state.current.config.server.testIdHeader,
    }),
  );
  const routePaths = ROUTES.map((route) => route.path);
  const resourceNames = resources.all().map((resource) => resource.name);
  app.use(
    errorMiddleware(logger, (method, path) =>
      isUnder(path, '/openai')
        ? unknownPathHint(method, path, routePaths)
        : path.startsWith(RESOURCE_PREFIX)
          ? unknownResourceHint(path, resourceNames)
          : undefined,
    ),
  );
  app.use(healthRouter().routes());
  app.use(metricsRouter(metrics, state.store.replicas).routes());
  app.use(conditionMiddleware(state.conditions, clock, (req) => resources.of(req)));
  app.use((ctx, next) => {
    if (isUnder(ctx.path, '/openai')) resources.of(ctx.req).checkCredentials(ctx.get('api-key'), ctx.get('authorization'), ctx.path);
    return next();
  });
  app.use(controlAccess(config.server));
  app.use(imageFilesRouter().routes());
  // the dashboard's feed reads what /__sim/limits, /metrics and the journal read, and only while a page is open
  const feed = new LiveFeed(
    () => new SnapshotMaker({ state, limits, batchQueue: (at) => batches.enqueued.held(at), journal, registry: metrics.registry }),
  );
  feed.onError = (error) => logger.warn({ err: error }, 'the dashboard snapshot failed');
  app.use(dashboardRouter(feed, new UiAssets()).routes());
  const control = controlRouter({
    state,
    limits,
    overrides: state.overrides,
    journal,
    batchQueue: (at) => batches.enqueued.held(at),
    webhookAttempts,
  });
  app.use(control.routes());
  app.use(control.allowedMethods());
  app.use(dataPlaneMethodsRouter().routes());
  for (const router of [
    modelsRouter(
      () => state.current.config,
      (ctx) => resources.of(ctx.req).name,
    ),
    storedResponsesRouter(() => state.current.config, state.store.responses, backgroundEnds),
    filesRouter(() => state.current.config, files, state.jobs),
    batchesRouter(
      () => state.current.config,
      batches,
      (ctx) => resources.of(ctx.req),
    ),
    webhookEndpointsRouter(() => state.current.config, webhookEndpoints, state.jobs),
    videosRouter(state, videoJobs, (ctx) => resources.of(ctx.req).name),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  const serveKoa = app.callback();
  const cors = corsStep(config.server.cors.allowedOrigins);
  const listener: RequestListener = (req, res) => {
    // one spelling of the path for every router and every guard after this
    req.url = normalizeTarget(req.url ?? '/');
    // takes a resource's path prefix off the url; a prefix naming no resource is left for Koa's 404
    const resource = resources.pick(req);
    // only a browser sends an Origin: for every other client this is the whole cost of CORS
    if (req.headers.origin !== undefined && cors?.(req, res)) return;
    if (resource !== undefined && serveDataPlane(req, res, resource)) return;
    if (resource !== undefined) resources.remember(req, resource);
    void serveKoa(req, res);
  };
  return Object.assign(listener, { upgrade, close: () => feed.close() });
}
