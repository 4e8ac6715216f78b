import { ids } from '../../protocol/ids.ts';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../clock/index.ts';
import { serveTurn, Turn, type Resource, type TurnRuntime } from '../../pipeline/index.ts';
import { ROUTES, type RouteSpec } from '../../routes/route-specs.ts';
import { endpointPath } from './batch-endpoint.ts';
import type { BatchLine } from './batch-input.ts';
import { LineExchange, type LineAnswer } from './line-exchange.ts';

/** A line's place in the batch's files: the output file for a success, the error file for anything else. */
export interface AnsweredLine {
  ok: boolean;
  /** The JSON line written to its file (without the newline). */
  text: string;
}

/** What a batch's lines share: the batch, the endpoint, the resource and the creating request's headers. */
export interface LineContext {
  batchId: string;
  endpoint: string;
  resource: Resource;
  /** The create request's credentials, test id and host, which each line is sent with. */
  headers: IncomingHttpHeaders;
  runtime: TurnRuntime;
  /** The job clock: a line's time, for templates' `now` and `created` fields. */
  clock: Clock;
}

/**
 * Answers one batch line with the same turn as a live request (scenario rules, templates, cassettes, faults, the
 * default generator), on the endpoint's v1 route with the line's body, and writes the line the service writes for
 * it: its answer (status, request id, body) in the output file when it succeeded, in the error file when it was a
 * 4xx or 5xx; a line with no answer at all (a dropped connection, a body that is not JSON) gets a server_error.
 */
export async function answerLine(line: BatchLine, context: LineContext): Promise<AnsweredLine> {
  const spec = v1Route(context.endpoint);
  const exchange = new LineExchange(spec.path, JSON.stringify(line.body), context.headers, context.resource.region);
  const { runtime } = context;
  const turn = new Turn(
    exchange,
    exchange,
    { resource: context.resource, spec, params: {} },
    runtime.state.current,
    context.clock,
    runtime.scheduler,
  );
  turn.notes.batch = { id: context.batchId, customId: line.customId };
  try {
    await serveTurn(turn, runtime);
    runtime.observe(turn);
  } catch (error) {
    // serveTurn renders every service error itself: this is a bug of the simulator's, which must fail this line
    // (it gets a server_error, as a line with no answer does) rather than stop the batch
    runtime.logger.error({ err: error, batch: context.batchId, customId: line.customId }, 'could not answer a batch line');
  }
  return lineOf(line.customId, exchange.answer);
}

/** The line the service writes for an answer. */
export function lineOf(customId: string, answer: LineAnswer): AnsweredLine {
  const id = ids.batchRequest();
  const body = parsed(answer.body);
  if (answer.status === 0 || body === undefined) {
    const error = { code: 'server_error', message: 'The server had an error while processing this request.' };
    return { ok: false, text: JSON.stringify({ id, custom_id: customId, response: null, error }) };
  }
  const response = { status_code: answer.status, request_id: answer.requestId, body };
  const ok = answer.status >= 200 && answer.status < 300;
  return { ok, text: JSON.stringify({ id, custom_id: customId, response, error: null }) };
}

/** The line the service writes for a request the batch did not get to before it expired. */
export function expiredLine(customId: string): string {
  const error = { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' };
  return JSON.stringify({ id: ids.batchRequest(), custom_id: customId, response: null, error });
}

function parsed(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const V1_ROUTES = new Map<string, RouteSpec>(ROUTES.filter((spec) => spec.route === 'v1').map((spec) => [spec.path, spec]));

function v1Route(endpoint: string): RouteSpec {
  const spec = V1_ROUTES.get(`/openai/v1${endpointPath(endpoint)}`);
  if (!spec) throw new Error(`no v1 route serves the batch endpoint ${endpoint}`);
  return spec;
}
