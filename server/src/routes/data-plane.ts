import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AoaiError } from '../http/aoai-error.ts';
import { asServiceError } from '../http/error-middleware.ts';
import { Exchange } from '../http/exchange.ts';
import type { SimMetrics } from '../metrics/index.ts';
import type { StateHolder } from '../sim-state.ts';
import { actOutFault, STREAM_FAULTS } from '../faults/apply-fault.ts';
import { faultError } from '../faults/fault-responses.ts';
import type { RateLimiter } from '../limits/index.ts';
import { requestPromptTokens } from '../tokens/request-tokens.ts';
import { tokenizerFor } from '../tokens/tokenizer.ts';
import type { ResolvedDeployment, SimConfig } from '../config/resolve-config.ts';
import type { Operation } from '../generated/scenarios.ts';
import { modelSession } from '../protocol/ids.ts';
import { checkApiVersion, checkResponsesVersion } from '../protocol/api-version-check.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import { unknownDeploymentHint, unsupportedOperationHint, withHint } from '../protocol/refusal-hints.ts';
import type { DataPlaneRequest, OperationHandler, OperationResult } from '../operations/types.ts';
import { writeResult } from './write-result.ts';
import { latencyPlan, planFor, schedulerFor, sleep, type InFlightCounter } from '../latency/index.ts';
import { readBody } from '../http/read-body.ts';
import { recordedRequest } from '../replay/cassette-runtime.ts';
import { replayResult } from '../replay/replay-result.ts';
import type { RouteSpec } from './route-specs.ts';
import { proxyAndRecord } from './proxy-and-record.ts';
import { admit } from './admission.ts';
import { journalBody, modelOf, requestView } from './request-facts.ts';
import { ExchangeDelivery } from './exchange-delivery.ts';
import { DEFAULT_RESOURCE, Resource } from '../pipeline/resource.ts';
import { Identity } from '../pipeline/identity.ts';
import { TargetTable } from '../pipeline/target-table.ts';

/** A replay at its recorded timing waits for nothing else. */
const ZERO_TIMING = latencyPlan(undefined).forRequest();

/** The state the data plane consults on every request. */
export interface DataPlaneRuntime {
  /** The configuration in force, read once per request. */
  state: StateHolder;
  limits: RateLimiter;
  /** Requests in flight per deployment, which load-dependent latency grows with. */
  inFlight: InFlightCounter;
  metrics: SimMetrics;
  logger: Logger;
  /** Told when each answer is finished, a stream included: the access log, the metrics, the journal. */
  observe: (exchange: Exchange) => void;
}

/** Answers a data-plane request; false when the request is not one (another method or path), for Koa to serve. */
export type DataPlaneListener = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * The data plane: the operation routes, each running the same checks in the service's order (credentials,
 * api-version, body, deployment, rate limits, faults, scenario rules, cassettes) before its operation's handler.
 * It runs on Node's own request and response rather than through Koa, because it is the hot path of every
 * load test (see Exchange); everything else the simulator serves goes through Koa.
 */
export function dataPlane(
  startup: SimConfig,
  handlers: Readonly<Record<Operation, OperationHandler>>,
  runtime: DataPlaneRuntime,
): DataPlaneListener {
  const { clock } = runtime.state;
  const scheduler = schedulerFor(clock);
  // listening, auth and the body limit are fixed at startup: the one resource is made of them
  const resource = new Resource(DEFAULT_RESOURCE, startup.server, clock);
  const targets = new TargetTable(resource);

  async function answer(exchange: Exchange, spec: RouteSpec): Promise<void> {
    const { notes, identity } = exchange;
    const { config, scenarios, faults, cassettes } = runtime.state.current;
    // noted first, so that a request refused at any stage is found under its test id
    const testId = exchange.header(config.server.testIdHeader) || undefined;
    identity.testId = testId;
    resource.checkCredentials(exchange.header('api-key'), exchange.header('authorization'), exchange.path);
    const apiVersion = checkApiVersion(exchange.query.get('api-version') ?? undefined, spec.route, config.server.apiVersionPolicy);
    if (spec.operation === 'responses' && spec.route === 'dated') checkResponsesVersion(apiVersion);
    const { fields, files, raw, json } = await readBody(exchange, spec.body, resource.maxBodyBytes, cassettes?.keepsRequestBytes ?? false);
    const name = exchange.params.deployment ?? modelOf(fields);
    const deployment = config.deployments.get(name) ?? config.undefinedDeployment?.(name, spec.operation);
    if (!deployment) throw withHint(serviceErrors.deploymentNotFound(), unknownDeploymentHint(name, config.deployments.keys()));
    identity.deployment = deployment.name;
    exchange.set({ 'x-ms-deployment-name': deployment.name, 'azureml-model-session': modelSession(deployment.name) });
    if (!deployment.operations.has(spec.operation)) throw notServed(spec.operation, deployment);
    exchange.res.once('close', runtime.inFlight.enter(deployment.name));

    notes.stream = fields.stream === true;
    if (json === undefined) notes.requestBody = journalBody(fields, files);
    else notes.requestJson = json;
    if (apiVersion) notes.apiVersion = apiVersion;
    if (cassettes?.mode === 'record' && raw) {
      // record mode is a transparent proxy: no simulated limits, faults or rules between the app and the service
      const recorded = recordedRequest(exchange.method, spec.operation, deployment.name, apiVersion, fields, files);
      return proxyAndRecord(exchange, cassettes, recorded, raw, testId);
    }
    const admission = await admit(runtime.limits, spec.operation, deployment, fields, apiVersion, notes, json?.length ?? 0);
    exchange.set(admission.headers);

    const view = requestView(exchange, deployment.name, spec.operation, fields, testId);
    const fault = faults.pick(view);
    if (fault) {
      notes.fault = fault.source;
      if (fault.action.kind === 'status') {
        throw faultError(fault.action, {
          requestId: exchange.requestId,
          operation: spec.operation,
          apiVersion,
          contextWindow: deployment.contextWindow,
        });
      }
      if (await actOutFault(exchange, fault.action, scheduler)) return;
    }

    const decision = scenarios.decide(view, {
      requestId: exchange.requestId,
      apiVersion,
      contextWindow: deployment.contextWindow,
      promptTokens: () => requestPromptTokens(spec.operation, fields, tokenizerFor(deployment.tokenizer)),
      time: exchange.time,
    });
    if (decision.rule) notes.rule = decision.rule;
    const timing = planFor(deployment.latency, decision.latency).forRequest(runtime.inFlight.current(deployment.name));
    const delivery = new ExchangeDelivery(
      exchange,
      scheduler,
      timing,
      fault && STREAM_FAULTS.has(fault.action.kind) ? fault.action : undefined,
    );

    let result: OperationResult | undefined;
    if (!decision.rule && cassettes && (cassettes.replays || cassettes.records)) {
      const recorded = recordedRequest(exchange.method, spec.operation, deployment.name, apiVersion, fields, files);
      const bytes = raw && { body: raw, contentType: exchange.header('content-type') };
      const hit = cassettes.replays ? cassettes.lookup(recorded, testId, bytes) : undefined;
      if (hit) {
        notes.cassette = `${hit.source.file}#${hit.source.index}`;
        const includeUsage = (fields.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
        result = replayResult(hit.interaction, spec.operation, fields.stream === true, includeUsage, cassettes.timing);
      } else if (cassettes.onMiss === 'record' && raw) {
        return proxyAndRecord(exchange, cassettes, recorded, raw, testId);
      } else if (cassettes.onMiss === 'error') {
        throw cassettes.missError(recorded);
      }
    }
    // a replay is delivered at its recorded timing, or by the latency model when replay.timing says so
    if (!result && decision.result) {
      result = decision.result;
    } else if (!result) {
      if (decision.answer && !SCRIPTABLE.has(spec.operation)) throw unscriptable(decision.answer.rule, spec.operation);
      const request: DataPlaneRequest = {
        operation: spec.operation,
        deployment,
        apiVersion,
        route: spec.route,
        body: fields,
        ...(json === undefined ? {} : { json }),
        files,
        origin: `http://${exchange.header('host')}`,
        time: exchange.time,
        ...(decision.answer ? { scripted: decision.answer } : {}),
      };
      result = await handlers[spec.operation](request);
    }
    const usage = 'usage' in result ? result.usage : undefined;
    if (usage) notes.usage = usage;
    const replayed = notes.cassette !== undefined;
    if (result.kind === 'sse') exchange.res.once('close', runtime.metrics.streamStarted(deployment.name));
    if (usage) await runtime.limits.settle(admission.admission, usage.promptTokens + usage.completionTokens);
    if (result.kind !== 'sse' && !timing.zero && (!replayed || cassettes?.timing === 'latency')) {
      const delay =
        spec.operation === 'embeddings'
          ? timing.embeddingDelayMs(usage?.promptTokens ?? 0)
          : timing.completionDelayMs(usage?.completionTokens ?? 0);
      await sleep(exchange.startedAt + delay - scheduler.now(), { scheduler, signal: delivery.signal }).catch(() => undefined);
    }
    await writeResult(exchange, result, replayed && cassettes?.timing !== 'latency' ? delivery.withTiming(ZERO_TIMING) : delivery);
  }

  async function serve(exchange: Exchange, spec: RouteSpec): Promise<void> {
    try {
      await answer(exchange, spec);
    } catch (caught) {
      const error = asServiceError(caught, exchange.requestId, runtime.logger);
      exchange.notes.errorCode = error.code;
      // an answer already under way (a stream, the recording proxy) cannot become an error any more: cut it
      if (exchange.answered) {
        exchange.res.destroy();
        return;
      }
      try {
        sendError(exchange, error);
      } catch (failure) {
        // a header set on the way cannot be sent (a rule's raw header, say): answer with the service's own
        exchange.resetHeaders();
        const fallback = asServiceError(failure, exchange.requestId, runtime.logger);
        exchange.notes.errorCode = fallback.code;
        sendError(exchange, fallback);
      }
    }
  }

  // errors writing to a client that went away
  const onResponseError = (error: Error) => runtime.logger.debug({ err: error }, 'response stream error');

  return (req, res) => {
    if (req.method !== 'POST') return false;
    // normalized by the app's listener (see normalizeTarget)
    const url = req.url ?? '/';
    const question = url.indexOf('?');
    const path = question === -1 ? url : url.slice(0, question);
    const target = targets.lookup(path);
    if (!target) return false;
    // a client that goes away mid-request must not become an unhandled 'error' event
    req.on('error', ignore);
    res.on('error', onResponseError);
    // the route names the operation: a request refused before its deployment is known is still counted under it
    const identity = new Identity(target.resource, target.spec.operation);
    const search = question === -1 ? '' : url.slice(question + 1);
    const exchange = new Exchange(req, res, path, search, target.params, identity, clock);
    res.once('close', () => runtime.observe(exchange));
    serve(exchange, target.spec).catch((error: unknown) => {
      // serve renders every error itself; this is for a failure while rendering one, which must not end the process
      runtime.logger.error({ err: error, requestId: exchange.requestId }, 'could not answer a request');
      exchange.res.destroy();
    });
    return true;
  };
}

function ignore(): void {}

function notServed(operation: Operation, deployment: ResolvedDeployment): AoaiError {
  const hint = unsupportedOperationHint(operation, deployment.name, deployment.model, deployment.operations);
  return withHint(serviceErrors.operationNotSupported(operation, deployment.name), hint);
}

function sendError(exchange: Exchange, error: AoaiError): void {
  exchange.set(error.headers);
  exchange.send(error.status, 'application/json', error.body);
}

/** Operations whose answers a rule can script as text or tool calls; the others take `raw` or `error`. */
const SCRIPTABLE = new Set<Operation>(['chat', 'completions', 'responses']);

function unscriptable(rule: string, operation: Operation): AoaiError {
  return AoaiError.openai(
    500,
    `Scenario rule "${rule}" answers with text or tool calls, which the ${operation} operation cannot return; answer it with raw or error instead.`,
    {
      type: 'server_error',
      code: 'scenario_unsupported_answer',
    },
  );
}
