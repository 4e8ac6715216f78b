import Router from '@koa/router';
import type { ResolvedDeployment, SimConfig } from '../config/resolve-config.ts';
import { checkApiVersion } from '../protocol/api-version-check.ts';

/** A fixed creation time: listings are the same on every run. */
const CREATED_AT = 1646126127;

/**
 * The listings: `GET /openai/models` (the models behind the deployments), `GET /openai/v1/models` (the names a
 * v1 client passes as `model`, which are deployment names) and the legacy `GET /openai/deployments`, each
 * checked against the api-version policy in force, as the operations are.
 */
export function modelsRouter(current: () => SimConfig): Router {
  const router = new Router();
  const deployments = () => [...current().deployments.values()];
  const json = (value: unknown) => JSON.stringify(value);

  router.get('/openai/models', (ctx) => {
    checkApiVersion(ctx.query['api-version'], 'dated', current().server.apiVersionPolicy);
    const models = new Map<string, ResolvedDeployment[]>();
    for (const deployment of deployments()) models.set(deployment.model, [...(models.get(deployment.model) ?? []), deployment]);
    const data = [...models].map(([id, serving]) => ({
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
    ctx.type = 'application/json';
    ctx.body = json({ data, object: 'list' });
  });

  router.get('/openai/v1/models', (ctx) => {
    checkApiVersion(ctx.query['api-version'], 'v1', current().server.apiVersionPolicy);
    const data = deployments().map((deployment) => ({
      created: CREATED_AT,
      id: deployment.name,
      object: 'model',
      owned_by: 'organization-owner',
    }));
    ctx.type = 'application/json';
    ctx.body = json({ data, object: 'list' });
  });

  router.get('/openai/deployments', (ctx) => {
    checkApiVersion(ctx.query['api-version'], 'dated', current().server.apiVersionPolicy);
    const data = deployments().map((deployment) => ({
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
