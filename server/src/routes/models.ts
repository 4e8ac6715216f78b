import Router from '@koa/router';
import type { Context } from 'koa';
import type { ResolvedDeployment, SimConfig } from '../config/resolve-config.ts';
import { DEFAULT_RESOURCE, deploymentsOf } from '../config/resolve-resources.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { checkApiVersion } from '../protocol/api-version-check.ts';

/** A fixed creation time: listings are the same on every run. */
const CREATED_AT = 1646126127;

/**
 * The listings: `GET /openai/models` (the models behind the deployments), `GET /openai/v1/models` (the names a
 * v1 client passes as `model`, which are deployment names) and the legacy `GET /openai/deployments`, and the
 * retrieval of one listed model by its id on either route, each checked against the api-version policy in
 * force, as the operations are.
 */
export function modelsRouter(current: () => SimConfig, resourceOf: (ctx: Context) => string = () => DEFAULT_RESOURCE): Router {
  const router = new Router();
  const servedBy = (ctx: Context) => deploymentsOf(current(), resourceOf(ctx));
  const deployments = (ctx: Context) => [...servedBy(ctx).values()];
  const json = (value: unknown) => JSON.stringify(value);

  router.get('/openai/models', (ctx) => {
    checkApiVersion(ctx.query['api-version'], 'dated', current().server.apiVersionPolicy);
    ctx.type = 'application/json';
    ctx.body = json({ data: servedModels(deployments(ctx)), object: 'list' });
  });

  // a listing's item, by its id: the gateway's 404 for one the resource does not serve
  router.get('/openai/models/:id', (ctx) => {
    checkApiVersion(ctx.query['api-version'], 'dated', current().server.apiVersionPolicy);
    const model = servedModels(deployments(ctx)).find((served) => served.id === ctx.params.id);
    if (!model) throw AoaiError.resourceNotFound();
    ctx.type = 'application/json';
    ctx.body = json(model);
  });

  router.get('/openai/v1/models', (ctx) => {
    checkApiVersion(ctx.query['api-version'], 'v1', current().server.apiVersionPolicy);
    ctx.type = 'application/json';
    ctx.body = json({ data: deployments(ctx).map(v1Model), object: 'list' });
  });

  router.get('/openai/v1/models/:id', (ctx) => {
    checkApiVersion(ctx.query['api-version'], 'v1', current().server.apiVersionPolicy);
    const deployment = servedBy(ctx).get(ctx.params.id ?? '');
    if (!deployment) throw modelNotFound(ctx.params.id ?? '');
    ctx.type = 'application/json';
    ctx.body = json(v1Model(deployment));
  });

  router.get('/openai/deployments', (ctx) => {
    checkApiVersion(ctx.query['api-version'], 'dated', current().server.apiVersionPolicy);
    const data = deployments(ctx).map((deployment) => ({
      created_at: CREATED_AT,
      id: deployment.name,
      model: deployment.model,
      object: 'deployment',
      owner: 'organization-owner',
      status: 'succeeded',
    }));
    ctx.type = 'application/json';
    ctx.body = json({ data, object: 'list' });
  });
  return router;
}

/** The models behind the deployments, once each, as `GET /openai/models` lists them. */
function servedModels(deployments: readonly ResolvedDeployment[]) {
  const models = new Map<string, ResolvedDeployment[]>();
  for (const deployment of deployments) models.set(deployment.model, [...(models.get(deployment.model) ?? []), deployment]);
  return [...models].map(([id, serving]) => ({
    capabilities: {
      chat_completion: serving.some((deployment) => deployment.operations.has('chat')),
      completion: serving.some((deployment) => deployment.operations.has('completions')),
      embeddings: serving.some((deployment) => deployment.operations.has('embeddings')),
      fine_tune: false,
      inference: true,
    },
    created_at: CREATED_AT,
    id,
    lifecycle_status: 'generally-available',
    object: 'model',
    status: 'succeeded',
  }));
}

/** A deployment as the v1 routes name it: the name a v1 client passes as `model`. */
function v1Model(deployment: ResolvedDeployment) {
  return { created: CREATED_AT, id: deployment.name, object: 'model', owned_by: 'organization-owner' };
}

/** The v1 routes' 404 for a model id no deployment has, in the OpenAI shape those routes answer in. */
function modelNotFound(id: string): AoaiError {
  return AoaiError.openai(404, `The model '${id}' does not exist or you do not have access to it.`, { code: 'model_not_found' });
}
