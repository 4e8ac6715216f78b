import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import type { Operation } from '../generated/scenarios.ts';
import type { Journal } from '../journal/index.ts';
import type { SimMetrics } from '../metrics/index.ts';
import { requestIdOf } from './request-id.ts';

/** What the data-plane route notes about a request, for the log, the journal and the metrics. */
export interface RequestNotes {
  deployment?: string;
  operation?: Operation;
  apiVersion?: string;
  testId?: string;
  stream?: boolean;
  requestBody?: unknown;
  usage?: { promptTokens: number; completionTokens: number };
  estimate?: number;
  limiter?: { decision: 'admitted' | 'refused' | 'unlimited'; limit?: 'token' | 'call'; retryAfterMs?: number };
  rule?: string;
  cassette?: string;
  fault?: string;
  /** performance.now() when the first token went out (streams), for TTFT. */
  firstTokenAt?: number;
}

/** The notes of a request, created on first use. */
export function notesOf(ctx: Context): RequestNotes {
  return ((ctx.state as { notes?: RequestNotes }).notes ??= {});
}

/**
 * When a request's answer is finished (a stream included): one log line at info (health checks at debug), the
 * metrics, and, for data-plane requests, a journal entry. Never touches what the client receives.
 */
export function observeMiddleware(logger: Logger, metrics: SimMetrics, journal: Journal): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    const time = new Date().toISOString();
    // the pipeline (Koa, the stream body, pacing, in-flight counts, this) listens for the end of the answer
    ctx.res.setMaxListeners(32);
    ctx.res.once('close', () => {
      const notes = notesOf(ctx);
      const totalMs = round(performance.now() - started);
      const status = ctx.res.headersSent ? ctx.status : 0;
      const ttftMs = notes.firstTokenAt === undefined ? (ctx.res.headersSent ? totalMs : undefined) : round(notes.firstTokenAt - started);
      const level = ctx.path === '/healthz' || ctx.path === '/metrics' ? 'debug' : 'info';
      if (logger.isLevelEnabled(level)) {
        logger[level](
          {
            requestId: requestIdOf(ctx),
            method: ctx.method,
            path: ctx.path,
            status,
            ms: totalMs,
            ...(notes.deployment ? { deployment: notes.deployment } : {}),
            ...(notes.usage ? { tokens: notes.usage.promptTokens + notes.usage.completionTokens } : {}),
            ...(notes.rule ? { rule: notes.rule } : {}),
            ...(notes.cassette ? { cassette: notes.cassette } : {}),
            ...(notes.fault ? { fault: notes.fault } : {}),
          },
          'request',
        );
      }
      if (notes.deployment === undefined || notes.operation === undefined) return;
      metrics.observeRequest({
        deployment: notes.deployment,
        operation: notes.operation,
        status,
        ...(notes.usage ? { promptTokens: notes.usage.promptTokens, completionTokens: notes.usage.completionTokens } : {}),
        ...(ttftMs === undefined ? {} : { ttftMs }),
        totalMs,
      });
      if (notes.limiter?.decision === 'refused')
        metrics.rateLimited(notes.deployment, notes.limiter.limit === 'call' ? 'requests' : 'tokens');
      if (notes.fault) metrics.faultInjected(notes.deployment, notes.fault);
      journal.record({
        time,
        requestId: requestIdOf(ctx),
        method: ctx.method,
        path: ctx.path,
        deployment: notes.deployment,
        operation: notes.operation,
        ...(notes.apiVersion ? { apiVersion: notes.apiVersion } : {}),
        ...(notes.testId ? { testId: notes.testId } : {}),
        stream: notes.stream ?? false,
        status,
        request: { headers: headersOf(ctx), ...(notes.requestBody === undefined ? {} : { body: notes.requestBody }) },
        response: responseOf(ctx),
        ...(notes.usage
          ? {
              tokens: {
                prompt: notes.usage.promptTokens,
                completion: notes.usage.completionTokens,
                ...(notes.estimate === undefined ? {} : { estimate: notes.estimate }),
              },
            }
          : {}),
        ...(notes.limiter ? { limiter: notes.limiter } : {}),
        ...(notes.rule ? { rule: notes.rule } : {}),
        ...(notes.cassette ? { cassette: notes.cassette } : {}),
        ...(notes.fault ? { fault: notes.fault } : {}),
        latency: { ...(ttftMs === undefined ? {} : { ttftMs }), totalMs },
      });
    });
    await next();
  };
}

function headersOf(ctx: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function responseOf(ctx: Context): { body?: string; bytes?: number } {
  const body: unknown = ctx.body;
  if (typeof body === 'string') return { body, bytes: Buffer.byteLength(body) };
  if (Buffer.isBuffer(body)) return { bytes: body.length };
  return {};
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
