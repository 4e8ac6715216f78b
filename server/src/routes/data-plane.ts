import Router from '@koa/router';
import type { SimConfig } from '../config/resolve-config.ts';
import type { Operation } from '../generated/scenarios.ts';
import { bodyReader } from '../http/body.ts';
import { modelSession } from '../protocol/ids.ts';
import { checkApiVersion, checkResponsesVersion } from '../protocol/api-version-check.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import type { DataPlaneRequest, OperationHandler, OperationResult } from '../operations/types.ts';
import { writeResult } from './write-result.ts';

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

/** The data-plane routes, each running the same checks in the service's order before its operation's handler. */
export function dataPlaneRouter(config: SimConfig, handlers: Readonly<Record<Operation, OperationHandler>>): Router {
  const router = new Router();
  const readers = { json: bodyReader('json', config.server.maxBodyBytes), multipart: bodyReader('multipart', config.server.maxBodyBytes) };
  for (const spec of ROUTES) {
    const handler = handlers[spec.operation];
    router.post(spec.path, async (ctx) => {
      const apiVersion = checkApiVersion(ctx.query['api-version'], spec.route, config.server.apiVersionPolicy);
      if (spec.operation === 'responses' && spec.route === 'dated') checkResponsesVersion(apiVersion);
      const { fields, files } = await readers[spec.body](ctx);
      const name = (ctx.params as { deployment?: string }).deployment ?? modelOf(fields);
      const deployment = config.deployments.get(name);
      if (!deployment) throw serviceErrors.deploymentNotFound();
      ctx.set('x-ms-deployment-name', deployment.name);
      ctx.set('azureml-model-session', modelSession(deployment.name));
      if (!deployment.operations.has(spec.operation)) throw serviceErrors.operationNotSupported(spec.operation, deployment.name);
      const request: DataPlaneRequest = {
        operation: spec.operation,
        deployment,
        apiVersion,
        route: spec.route,
        body: fields,
        files,
        origin: `${ctx.protocol}://${ctx.get('host')}`,
      };
      const result: OperationResult = await handler(request);
      writeResult(ctx, result);
    });
  }
  return router;
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
