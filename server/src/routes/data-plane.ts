import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from '../generated/scenarios.ts';
import { Exchange } from '../http/exchange.ts';
import { schedulerFor } from '../latency/index.ts';
import type { OperationHandler } from '../operations/types.ts';
import { serveTurn, TargetTable, Turn, type Resource, type TurnRuntime } from '../pipeline/index.ts';

/** The state the data plane consults on every request (see TurnRuntime); the scheduler comes from the state's clock. */
export type DataPlaneRuntime = Omit<TurnRuntime, 'handlers' | 'scheduler'>;

/**
 * Answers a data-plane request for a resource (see ResourceDirectory); false when the request is not one (another
 * method or path), for Koa to serve.
 */
export type DataPlaneListener = (req: IncomingMessage, res: ServerResponse, resource: Resource) => boolean;

/**
 * The data plane over HTTP: a request's target is looked up once, then its turn runs through the pipeline's
 * stages (see runTurn) with the HTTP exchange as what it reads and where its answer goes. It runs on Node's own
 * request and response rather than through Koa, because it is the hot path of every load test (see Exchange);
 * everything else the simulator serves goes through Koa.
 */
export function dataPlane(
  own: Resource,
  handlers: Readonly<Record<Operation, OperationHandler>>,
  shared: DataPlaneRuntime,
): DataPlaneListener {
  const { clock } = shared.state;
  const runtime: TurnRuntime = { ...shared, handlers, scheduler: schedulerFor(clock) };
  const targets = new TargetTable(own);
  // errors writing to a client that went away
  const onResponseError = (error: Error) => runtime.logger.debug({ err: error }, 'response stream error');

  return (req, res, resource) => {
    if (req.method !== 'POST') return false;
    // normalized by the app's listener (see normalizeTarget)
    const url = req.url ?? '/';
    const question = url.indexOf('?');
    const path = question === -1 ? url : url.slice(0, question);
    const target = targets.lookup(path, resource);
    if (!target) return false;
    // a client that goes away mid-request must not become an unhandled 'error' event
    req.on('error', ignore);
    res.on('error', onResponseError);
    const exchange = new Exchange(req, res, path, question === -1 ? '' : url.slice(question + 1), target.resource.region);
    const turn = new Turn(exchange, exchange, target, runtime.state.current, clock, runtime.scheduler, runtime.metrics.pacerLateness);
    res.once('close', () => runtime.observe(turn));
    serveTurn(turn, runtime).catch((error: unknown) => {
      // serveTurn renders every error itself; this is for a failure while rendering one, which must not end the process
      runtime.logger.error({ err: error, requestId: exchange.requestId }, 'could not answer a request');
      exchange.abort();
    });
    return true;
  };
}

function ignore(): void {}
