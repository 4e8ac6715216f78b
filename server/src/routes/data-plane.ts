import Router from '@koa/router';
import type { Context } from 'koa';
import { AoaiError } from '../http/aoai-error.ts';
import { requestIdOf } from '../http/request-id.ts';
import type { RequestView } from '../scenarios/match/index.ts';
import type { StateHolder } from '../sim-state.ts';
import { notesOf, type RequestNotes } from '../http/observe.ts';
import type { SimMetrics } from '../metrics/index.ts';
import type { UploadedFile } from '../http/body.ts';
import { actOutFault, STREAM_FAULTS } from '../faults/apply-fault.ts';
import { faultError } from '../faults/fault-responses.ts';
import { estimateTokens, rateLimitedError, type RateLimiter } from '../limits/index.ts';
import type { ResolvedDeployment } from '../config/resolve-config.ts';
import { requestMaxTokens, requestPromptTokens } from '../tokens/request-tokens.ts';
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
import type { RecordedRequest } from '../cassettes/index.ts';
import { readRawBody } from '../record/raw-body.ts';
import { forwardUpstream } from '../record/upstream.ts';
import { recordedRequest, type CassetteRuntime } from '../replay/cassette-runtime.ts';
import { replayResult } from '../replay/replay-result.ts';

interface RouteSpec {
  path: string;
  operation: Operation;
  route: 'dated' | 'v1';
  body: 'json' | 'multipart';
}

/** Operation paths under a deployment, and the body each takes. */
const OPERATION_PATHS: ReadonlyArray<[string, Operation, 'json' | 'multipart']> = [
  ['/chat/completions', 'chat', 'json'],
  ['/completions', 'completions', 'json'],
  ['/embeddings', 'embeddings', 'json'],
  ['/images/generations', 'images', 'json'],
  ['/audio/transcriptions', 'transcriptions', 'multipart'],
  ['/audio/translations', 'translations', 'multipart'],
  ['/audio/speech', 'speech', 'json'],
  ['/responses', 'responses', 'json'],
];

/**
 * Every route the service has for an operation: the dated deployment routes; the v1 routes, with the deployment
 * in the body's `model` (and under /v1/deployments/, where openai-node's AzureOpenAI puts it given a v1 base
 * URL); and the dated Responses route, also with `model` in the body.
 */
export const ROUTES: readonly RouteSpec[] = [
  ...OPERATION_PATHS.map(([path, operation, body]) => ({
    path: `/openai/deployments/:deployment${path}`,
    operation,
    route: 'dated' as const,
    body,
  })),
  ...OPERATION_PATHS.map(([path, operation, body]) => ({ path: `/openai/v1${path}`, operation, route: 'v1' as const, body })),
  ...OPERATION_PATHS.map(([path, operation, body]) => ({
    path: `/openai/v1/deployments/:deployment${path}`,
    operation,
    route: 'v1' as const,
    body,
  })),
  { path: '/openai/responses', operation: 'responses', route: 'dated', body: 'json' },
];

/** The state the data plane consults on every request. */
/** Forwards upstream, answers the client as the answer arrives, and records it. */
async function proxyAndRecord(
  ctx: Context,
  cassettes: CassetteRuntime,
  recorded: RecordedRequest,
  raw: Buffer,
  testId: string | undefined,
): Promise<void> {
  if (!cassettes.upstream) {
    throw AoaiError.openai(500, 'Recording needs an upstream endpoint: set record.upstream (or AZURE_OPENAI_ENDPOINT).', {
      type: 'server_error',
      code: 'no_upstream',
    });
  }
  ctx.state.recorded = true;
  const started = performance.now();
  const captured = await forwardUpstream(ctx, cassettes.upstream, raw);
  const secrets = [ctx.get('api-key'), ctx.get('authorization'), ctx.get('authorization').replace(/^bearer\s+/i, '')].filter(
    (value) => value.length > 0,
  );
  await cassettes.record(recorded, captured, performance.now() - started, testId, secrets);
}

const ZERO_TIMING = latencyPlan(undefined).forRequest();

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

/** Operations whose completion counts toward the admission estimate, with the service's default max_tokens. */
const DEFAULT_MAX_TOKENS: Partial<Record<Operation, number | undefined>> = { chat: undefined, responses: undefined, completions: 16 };

/**
 * Admission under the deployment's quota, decided before anything is generated, from the service's estimate:
 * prompt tokens plus max_tokens × max(n, best_of). A refusal is the service's 429 with exact retry headers.
 */
async function admit(
  limits: RateLimiter,
  operation: Operation,
  deployment: ResolvedDeployment,
  body: Record<string, unknown>,
  apiVersion: string | undefined,
  notes: RequestNotes,
) {
  const tokenizer = tokenizerFor(deployment.tokenizer);
  const completes = operation in DEFAULT_MAX_TOKENS;
  const maxTokens = completes ? (requestMaxTokens(body) ?? DEFAULT_MAX_TOKENS[operation]) : 0;
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const estimate = estimateTokens({
    promptTokens: requestPromptTokens(operation, body, tokenizer),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(count(body.n) === undefined ? {} : { n: count(body.n)! }),
    ...(count(body.best_of) === undefined ? {} : { bestOf: count(body.best_of)! }),
    ...(deployment.rateLimit?.defaultMaxTokens === undefined ? {} : { defaultMaxTokens: deployment.rateLimit.defaultMaxTokens }),
  });
  const decision = await limits.admit({ deployment, estimate });
  notes.estimate = estimate;
  if (!decision.admitted) {
    notes.limiter = { decision: 'refused', limit: decision.limit, retryAfterMs: decision.retryAfterMs };
    throw rateLimitedError(decision, operation, apiVersion);
  }
  notes.limiter = { decision: deployment.rateLimit ? 'admitted' : 'unlimited' };
  return decision;
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

/** What the scenario matcher sees of a request: no HTTP types. */
function requestView(
  ctx: Context,
  deployment: string,
  operation: Operation,
  body: Record<string, unknown>,
  testIdHeader: string,
): RequestView {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.query))
    if (value !== undefined) query[name] = Array.isArray(value) ? (value[0] ?? '') : value;
  const testId = headers[testIdHeader];
  return { deployment, operation, path: ctx.path, headers, query, body, ...(testId ? { testId } : {}) };
}

/** What the journal keeps of a request body: the fields, with uploads as their digests. */
function journalBody(fields: Record<string, unknown>, files: Record<string, UploadedFile>): unknown {
  if (Object.keys(files).length === 0) return fields;
  const body: Record<string, unknown> = { ...fields };
  for (const [name, file] of Object.entries(files)) body[name] = { filename: file.filename, size: file.size, sha256: file.sha256 };
  return body;
}

/** Aborted when the client goes away before the answer is complete. */
function closedSignal(ctx: Context): AbortSignal {
  const controller = new AbortController();
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The deployment named by a v1 request's `model` field. */
function modelOf(fields: Record<string, unknown>): string {
  const model = fields.model;
  if (model === undefined || model === null || model === '')
    throw serviceErrors.invalidRequest('you must provide a model parameter', 'model', null);
  if (typeof model !== 'string')
    throw serviceErrors.invalidRequest(
      `Invalid type for 'model': expected a string, but got ${typeof model} instead.`,
      'model',
      'invalid_type',
    );
  return model;
}
