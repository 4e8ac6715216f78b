import type { Context, Middleware } from 'koa';
import type { Clock } from '../clock/index.ts';
import { jsonLineWriter, type Logger } from '../logger.ts';
import type { Journal } from '../journal/index.ts';
import { NO_OPERATION, type ResourceLabels, type SimMetrics } from '../metrics/index.ts';
import { errorCodeOf } from './aoai-error.ts';
import type { TurnObserver } from '../pipeline/turn-sink.ts';
import { requestIdOf } from './request-id.ts';
import { isUnder } from './request-target.ts';

/** What the data-plane route notes about a request, for the log, the journal and the metrics. */
export interface RequestNotes {
  apiVersion?: string;
  stream?: boolean;
  requestBody?: unknown;
  /** The request body's JSON text as it arrived, for the journal (which would otherwise write `requestBody` out). */
  requestJson?: string;
  usage?: { promptTokens: number; completionTokens: number };
  estimate?: number;
  limiter?: { decision: 'admitted' | 'refused' | 'unlimited'; limit?: 'token' | 'call'; retryAfterMs?: number };
  rule?: string;
  cassette?: string;
  fault?: string;
  /** When the first token went out (streams), on the clock's monotonic time, for TTFT. */
  firstTokenAt?: number;
  /** The error answered, by its code (see AoaiError.code); set only for a request that failed. */
  errorCode?: string;
  /** A batch line's batch and custom_id (see operations/batches/). */
  batch?: { id: string; customId: string };
}

/** What the routes served through Koa note: nothing, as none of them is a data-plane operation. */
const NO_NOTES: RequestNotes = Object.freeze({});

/** What one finished request looked like, for the access log. */
interface Finished {
  requestId: string;
  deployment: string | undefined;
  method: string;
  path: string;
  status: number;
  totalMs: number;
  notes: RequestNotes;
}

/** The access log: a line per request at info (health checks and scrapes at debug). */
function accessLog(logger: Logger): (finished: Finished) => void {
  const writeLine = jsonLineWriter(logger);
  return ({ requestId, deployment, method, path, status, totalMs, notes }) => {
    const level = path === '/healthz' || path === '/metrics' ? 'debug' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const fields = {
      requestId,
      method,
      path,
      status,
      ms: totalMs,
      // JSON.stringify and pino both leave undefined fields out
      deployment,
      tokens: notes.usage && notes.usage.promptTokens + notes.usage.completionTokens,
      rule: notes.rule,
      cassette: notes.cassette,
      fault: notes.fault,
    };
    if (writeLine) writeLine(level, JSON.stringify(fields), 'request');
    else logger[level](fields, 'request');
  };
}

/**
 * The access log for the routes served through Koa (health, metrics, models, stored responses, the control
 * API), and the request metrics for those a client of the service would make: every one but health checks,
 * scrapes and the simulator's own /__sim/ routes. None names a deployment or an operation, so each is counted
 * under the resource it reached (`resourceOf`), NO_DEPLOYMENT and NO_OPERATION: a 404 for an unknown path is on
 * /metrics, and no path a caller invents adds a series.
 */
export function observeMiddleware(
  logger: Logger,
  metrics: SimMetrics,
  clock: Clock,
  resourceOf: (ctx: Context) => ResourceLabels,
  journaled?: JournaledOutsideDataPlane,
): Middleware {
  const logRequest = accessLog(logger);
  return async (ctx, next) => {
    const started = clock.now();
    const time = clock.epochMs();
    ctx.res.once('close', () => {
      const status = ctx.res.headersSent ? ctx.status : 0;
      const totalMs = round(clock.now() - started);
      logRequest({
        requestId: requestIdOf(ctx),
        deployment: undefined,
        method: ctx.method,
        path: ctx.path,
        status,
        totalMs,
        notes: NO_NOTES,
      });
      if (servesClients(ctx.path)) {
        const at = { resource: resourceOf(ctx), deployment: undefined, deploymentKey: undefined };
        metrics.observeRequest(at, { operation: NO_OPERATION, status, totalMs });
      }
      if (journaled?.journal.enabled && isUnder(ctx.path, '/openai')) journalKoaRequest(ctx, journaled, time, status, totalMs);
    });
    await next();
  };
}

/** Where requests under /openai/ that Koa serves (models, stored responses, a wrong method or path) are journaled. */
export interface JournaledOutsideDataPlane {
  journal: Journal;
  /** The test-id header in force (server.testIdHeader, lower case). */
  testIdHeader: () => string;
}

/** A request under /openai/ that is not an operation: journaled like one, so that a 404 or 405 is not missed. */
function journalKoaRequest(
  ctx: Context,
  { journal, testIdHeader }: JournaledOutsideDataPlane,
  time: number,
  status: number,
  totalMs: number,
) {
  const body = typeof ctx.body === 'string' ? ctx.body : undefined;
  const testId = ctx.get(testIdHeader());
  journal.add({
    time,
    requestId: requestIdOf(ctx),
    method: ctx.method,
    path: ctx.path,
    testId: testId === '' ? undefined : testId,
    stream: false,
    status,
    request: { headers: ctx.req.headers },
    response: { body, bytes: body === undefined ? undefined : Buffer.byteLength(body) },
    errorCode: status >= 400 && body !== undefined ? errorCodeOf(body, status) : undefined,
    latency: { totalMs },
  });
}

/** Not a health check, a scrape or the simulator's own API: a request meant for the service. */
function servesClients(path: string): boolean {
  return path !== '/healthz' && path !== '/metrics' && !/^\/__sim(\/|$)/i.test(path);
}

/** The access line of each finished data-plane turn. */
export function logTurns(logger: Logger): TurnObserver {
  const logRequest = accessLog(logger);
  return ({ notes, identity, inbound, reply }, status, totalMs) =>
    logRequest({
      requestId: reply.requestId,
      deployment: identity.deployment,
      method: inbound.method,
      path: inbound.path,
      status,
      totalMs,
      notes,
    });
}

/**
 * Each finished data-plane turn in /metrics, under its resource, region and deployment: the request, its tokens
 * and latencies, a 429 or fault it got. The turn's identity is where it is counted, so this builds no key.
 */
export function countTurns(metrics: SimMetrics): TurnObserver {
  return ({ notes, identity }, status, totalMs, ttftMs) => {
    // a request refused before its deployment was found (a bad key, an unknown deployment, a body that does not
    // parse) is counted under its resource and NO_DEPLOYMENT: the name a caller sent must not become a series
    metrics.observeRequest(identity, {
      operation: identity.operation,
      status,
      promptTokens: notes.usage?.promptTokens,
      completionTokens: notes.usage?.completionTokens,
      ttftMs,
      totalMs,
    });
    if (identity.deployment === undefined) return;
    if (notes.limiter?.decision === 'refused') metrics.rateLimited(identity, notes.limiter.limit === 'call' ? 'requests' : 'tokens');
    if (notes.fault) metrics.faultInjected(identity, notes.fault);
  };
}

/**
 * A journal entry for each finished data-plane turn. A request refused before its deployment was known (a bad
 * key, a misspelt deployment) is journaled too: those are the mistakes a test's expectNoErrors() is there to catch.
 */
export function journalTurns(journal: Journal): TurnObserver {
  return ({ notes, identity, inbound, reply, time }, status, totalMs, ttftMs) => {
    if (!journal.enabled) return;
    // undefined fields rather than spreads, which allocated an object per optional field on every request;
    // the journal copies what it keeps and leaves the undefined ones out
    journal.add({
      time,
      requestId: reply.requestId,
      method: inbound.method,
      path: inbound.path,
      deployment: identity.deployment,
      resource: identity.resource.name,
      region: identity.resource.region,
      operation: identity.operation,
      apiVersion: notes.apiVersion,
      testId: identity.testId,
      stream: notes.stream ?? false,
      status,
      request: { headers: inbound.headers, bodyJson: notes.requestJson, body: notes.requestBody },
      response: { body: reply.sentText, bytes: reply.sentBytes },
      tokens: notes.usage && { prompt: notes.usage.promptTokens, completion: notes.usage.completionTokens, estimate: notes.estimate },
      limiter: notes.limiter,
      rule: notes.rule,
      cassette: notes.cassette,
      fault: notes.fault,
      errorCode: notes.errorCode,
      latency: { ttftMs, totalMs },
      batch: notes.batch,
    });
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
