import type { IncomingHttpHeaders } from 'node:http';
import { serveTurn, Turn, type Resource, type TurnRuntime } from '../pipeline/index.ts';
import type { RouteSpec } from '../routes/route-specs.ts';
import { RealtimeExchange } from './realtime-exchange.ts';
import type { ResponseEvents, ResponseStatus, ResponseUsage } from './response-events.ts';

/** Where a realtime response is in the pipeline's eyes: the `realtime` operation, a JSON body, no api-version. */
const REALTIME_ROUTE: RouteSpec = { path: '/openai/v1/realtime', operation: 'realtime', route: 'v1', body: 'json' };

/** What a response is asked with: the session's resource, deployment and credentials, and the chat body. */
export interface ResponseAsk {
  resource: Resource;
  deployment: string;
  /** The upgrade's headers, with the credential that opened the session as `api-key` when it came in the query. */
  headers: IncomingHttpHeaders;
  /** The streamed chat completion the response is answered as (see chatMessages). */
  body: Record<string, unknown>;
}

/** How a response ended, for `rate_limits.updated`: its usage and the rate-limit headers the turn set. */
export interface ResponseOutcome {
  status: ResponseStatus;
  usage: ResponseUsage;
  limits: Readonly<Record<string, unknown>>;
}

/** A response under way: it can be cancelled, and says how it ended. */
export interface RunningResponse {
  readonly id: string;
  /** Milliseconds of its audio sent so far (0 for text). */
  readonly audioSentMs: number;
  cancel(): void;
  readonly finished: Promise<ResponseOutcome>;
}

/**
 * Runs a response through the data plane's stages, as an HTTP request runs (authenticate, resolve the
 * deployment, admission, faults, rules, the default generator, settle, deliver), with a RealtimeExchange as its
 * Inbound and Reply: the answer is a streamed chat completion, paced by the deployment's latency model, whose
 * chunks become the response's events as they come out. The turn is observed like any other (log, metrics,
 * journal) once the response is over.
 */
export function runResponse(runtime: TurnRuntime, ask: ResponseAsk, events: ResponseEvents): RunningResponse {
  const exchange = new RealtimeExchange(REALTIME_ROUTE.path, ask.headers, JSON.stringify(ask.body), ask.resource.region, events);
  const target = { resource: ask.resource, spec: REALTIME_ROUTE, params: { deployment: ask.deployment } };
  const turn = new Turn(exchange, exchange, target, runtime.state.current, runtime.state.clock, runtime.scheduler, runtime.metrics.pacerLateness);
  events.created();
  const finished = serveTurn(turn, runtime)
    .catch((error: unknown) => {
      runtime.logger.error({ err: error, requestId: exchange.requestId }, 'a realtime response failed');
      exchange.abort();
    })
    .then(async () => {
      // a spoken answer ends when its audio has gone out, at real time after its text
      if (exchange.cancelled || exchange.broken || exchange.status >= 400) events.silence();
      else await events.spoken();
      exchange.finish();
      runtime.observe(turn);
      const failed = exchange.status >= 400 || (exchange.broken && !exchange.cancelled);
      const status: ResponseStatus = exchange.cancelled ? 'cancelled' : failed ? 'failed' : 'completed';
      const usage = events.done(status, statusDetails(status, exchange));
      return { status, usage, limits: exchange.answerHeaders };
    });
  return {
    id: events.id,
    get audioSentMs() {
      return events.audioSentMs;
    },
    cancel: () => {
      exchange.cancel();
      events.silence();
    },
    finished,
  };
}

/** `status_details` of `response.done`: why it was cancelled, or the error the pipeline answered. */
function statusDetails(status: ResponseStatus, exchange: RealtimeExchange): Record<string, unknown> | null {
  if (status === 'cancelled') return { type: 'cancelled', reason: 'client_cancelled' };
  if (status !== 'failed') return null;
  const error = errorOf(exchange.sentText);
  return {
    type: 'failed',
    error: {
      type: typeof error.type === 'string' ? error.type : 'server_error',
      code: String(error.code ?? exchange.status),
      message: typeof error.message === 'string' ? error.message : 'The response could not be completed.',
    },
  };
}

function errorOf(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const body = JSON.parse(text) as { error?: Record<string, unknown>; message?: unknown };
    return body.error ?? { message: body.message };
  } catch {
    return { message: text };
  }
}
