import Router from '@koa/router';
import { AoaiError } from '../http/aoai-error.ts';
import { requestIdOf } from '../http/request-id.ts';
import type { StateHolder } from '../sim-state.ts';
import { notesOf } from '../http/observe.ts';
import type { SimMetrics } from '../metrics/index.ts';
import { actOutFault, STREAM_FAULTS } from '../faults/apply-fault.ts';
import { faultError } from '../faults/fault-responses.ts';
import type { RateLimiter } from '../limits/index.ts';
import { requestPromptTokens } from '../tokens/request-tokens.ts';
import { tokenizerFor } from '../tokens/tokenizer.ts';
import type { SimConfig } from '../config/resolve-config.ts';
import type { Operation } from '../generated/scenarios.ts';
import { bodyReader } from '../http/body.ts';
import { modelSession } from '../protocol/ids.ts';
import { checkApiVersion, checkResponsesVersion } from '../protocol/api-version-check.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import type { DataPlaneRequest, OperationHandler, OperationResult } from '../operations/types.ts';
import { writeResult, type Delivery } from './write-result.ts';
import { defaultScheduler, latencyPlan, planFor, sleep, type InFlightCounter } from '../latency/index.ts';
import { readRawBody } from '../record/raw-body.ts';
import { recordedRequest } from '../replay/cassette-runtime.ts';
import { replayResult } from '../replay/replay-result.ts';
import { ROUTES } from './route-specs.ts';
import { proxyAndRecord } from './proxy-and-record.ts';
import { admit } from './admission.ts';
import { closedSignal, journalBody, modelOf, requestView } from './request-facts.ts';

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
}

/** The data-plane routes, each running the same checks in the service's order before its operation's handler. */
export function dataPlaneRouter(
  startup: SimConfig,
  handlers: Readonly<Record<Operation, OperationHandler>>,
  runtime: DataPlaneRuntime,
): Router {
  const router = new Router();
  const scheduler = defaultScheduler();
  const readers = {
    json: bodyReader('json', startup.server.maxBodyBytes),
    multipart: bodyReader('multipart', startup.server.maxBodyBytes),
  };
  for (const spec of ROUTES) {
    const handler = handlers[spec.operation];
    router.post(spec.path, async (ctx) => {
      const startedAt = scheduler.now();
      const { config, scenarios, faults, cassettes } = runtime.state.current;
      const apiVersion = checkApiVersion(ctx.query['api-version'], spec.route, config.server.apiVersionPolicy);
      if (spec.operation === 'responses' && spec.route === 'dated') checkResponsesVersion(apiVersion);
      // what goes upstream must be the caller's own bytes: read them whole when recording
      const recording = cassettes?.records ?? false;
      const { fields, files, raw } = recording
        ? await readRawBody(ctx, spec.body, config.server.maxBodyBytes)
        : { ...(await readers[spec.body](ctx)), raw: undefined };
      const deployment = config.deployments.get((ctx.params as { deployment?: string }).deployment ?? modelOf(fields));
      if (!deployment) throw serviceErrors.deploymentNotFound();
      ctx.set({ 'x-ms-deployment-name': deployment.name, 'azureml-model-session': modelSession(deployment.name) });
      if (!deployment.operations.has(spec.operation)) throw serviceErrors.operationNotSupported(spec.operation, deployment.name);
      const leave = runtime.inFlight.enter(deployment.name);
      ctx.res.once('close', leave);

      const testId = ctx.get(config.server.testIdHeader) || undefined;
      const notes = notesOf(ctx);
      Object.assign(notes, {
        deployment: deployment.name,
        operation: spec.operation,
        stream: fields.stream === true,
        requestBody: journalBody(fields, files),
      });
      if (apiVersion) notes.apiVersion = apiVersion;
      if (testId) notes.testId = testId;
      if (cassettes?.mode === 'record' && raw) {
        // record mode is a transparent proxy: no simulated limits, faults or rules between the app and the service
        return proxyAndRecord(
          ctx,
          cassettes,
          recordedRequest(ctx.method, spec.operation, deployment.name, apiVersion, fields, files),
          raw,
          testId,
        );
      }
      const admission = await admit(runtime.limits, spec.operation, deployment, fields, apiVersion, notes);
      ctx.set(admission.headers);

      const view = requestView(ctx, deployment.name, spec.operation, fields, config.server.testIdHeader);
      const fault = faults.pick(view);
      if (fault) {
        notes.fault = fault.source;
        if (fault.action.kind === 'status') {
          throw faultError(fault.action, {
            requestId: requestIdOf(ctx),
            operation: spec.operation,
            apiVersion,
            contextWindow: deployment.contextWindow,
          });
        }
        if (await actOutFault(ctx, fault.action)) return;
      }

      const decision = scenarios.decide(view, {
        requestId: requestIdOf(ctx),
        apiVersion,
        contextWindow: deployment.contextWindow,
        promptTokens: () => requestPromptTokens(spec.operation, fields, tokenizerFor(deployment.tokenizer)),
      });
      if (decision.rule) notes.rule = decision.rule;
      const timing = planFor(deployment.latency, decision.latency).forRequest(runtime.inFlight.current(deployment.name));
      const delivery: Delivery = {
        onFirstToken: (at) => {
          notes.firstTokenAt = at;
        },
        startedAt,
        timing,
        signal: closedSignal(ctx),
        ...(fault && STREAM_FAULTS.has(fault.action.kind) ? { fault: fault.action } : {}),
      };

      let result: OperationResult | undefined;
      if (!decision.rule && cassettes && (cassettes.replays || cassettes.records)) {
        const recorded = recordedRequest(ctx.method, spec.operation, deployment.name, apiVersion, fields, files);
        const hit = cassettes.replays ? cassettes.lookup(recorded, testId) : undefined;
        if (hit) {
          notes.cassette = `${hit.source.file}#${hit.source.index}`;
          const includeUsage = (fields.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
          result = replayResult(hit.interaction, spec.operation, fields.stream === true, includeUsage, cassettes.timing);
        } else if (cassettes.onMiss === 'record' && raw) {
          return proxyAndRecord(ctx, cassettes, recorded, raw, testId);
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
          files,
          origin: `${ctx.protocol}://${ctx.get('host')}`,
          ...(decision.answer ? { scripted: decision.answer } : {}),
        };
        result = await handler(request);
      }
      const usage = 'usage' in result ? result.usage : undefined;
      if (usage) notes.usage = usage;
      const replayed = notes.cassette !== undefined;
      if (result.kind === 'sse') ctx.res.once('close', runtime.metrics.streamStarted(deployment.name));
      if (usage) await runtime.limits.settle(admission.admission, usage.promptTokens + usage.completionTokens);
      if (result.kind !== 'sse' && !timing.zero && (!replayed || cassettes?.timing === 'latency')) {
        const delay =
          spec.operation === 'embeddings'
            ? timing.embeddingDelayMs(usage?.promptTokens ?? 0)
            : timing.completionDelayMs(usage?.completionTokens ?? 0);
        await sleep(startedAt + delay - scheduler.now(), { scheduler, signal: delivery.signal }).catch(() => undefined);
      }
      writeResult(ctx, result, replayed && cassettes?.timing !== 'latency' ? { ...delivery, timing: ZERO_TIMING } : delivery);
    });
  }
  return router;
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
