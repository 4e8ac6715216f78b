import Router from '@koa/router';
import type { Context } from 'koa';
import { AoaiError } from '../http/aoai-error.ts';
import { conditionBody } from '../drills/condition-bodies.ts';
import type { ConditionSettings } from '../drills/resource-condition.ts';
import { resourceNamed, resourceStatuses, type ResourceStatus } from '../drills/resource-status.ts';
import type { StateHolder } from '../sim-state.ts';

/** What one replica tells the others, so that a drill set on one holds on all of them. */
interface ConditionChange {
  resource: string;
  /** The condition to set; null to lift it. */
  settings: ConditionSettings | null;
  recoverOverMs?: number;
}

/**
 * The drills' control API: every resource's status (`GET /__sim/resources`), and `POST
 * /__sim/resources/{name}/down`, `/degrade` and `/up`, each answering the resource's new status. A condition set
 * here is broadcast to the replicas sharing the store, as armed faults are.
 */
export function resourcesRouter(state: StateHolder): Router {
  const router = new Router();
  const { conditions, clock } = state;
  const replicas = state.store.replicas;

  const change = ({ resource, settings, recoverOverMs }: ConditionChange) => {
    if (settings === null) conditions.lift(resource, recoverOverMs);
    else conditions.set(resource, settings);
  };
  replicas?.on('resource-condition', (payload) => change(payload as ConditionChange));

  async function apply(ctx: Context, changed: ConditionChange): Promise<void> {
    change(changed);
    await replicas?.ask('resource-condition', changed);
    respond(ctx, 200, statusOf(changed.resource));
  }

  const statusOf = (name: string): ResourceStatus =>
    resourceStatuses(state.current.config, conditions, clock).find((resource) => resource.name === name)!;

  /** The resource the path names, or the 404 that lists the ones there are. */
  const named = (ctx: Context): string => {
    const name = resourceNamed(state.current.config, String(ctx.params.name));
    if (name !== undefined) return name;
    const known = resourceStatuses(state.current.config, conditions, clock).map((resource) => `"${resource.name}"`);
    throw unknownResource(String(ctx.params.name), known);
  };

  router.get('/resources', (ctx) => respond(ctx, 200, { resources: resourceStatuses(state.current.config, conditions, clock) }));

  router.post('/resources/:name/down', async (ctx) => {
    const resource = named(ctx);
    await apply(ctx, { resource, settings: { kind: 'down', ...conditionBody('down', ctx.request.body) } });
  });

  router.post('/resources/:name/degrade', async (ctx) => {
    const resource = named(ctx);
    await apply(ctx, { resource, settings: { kind: 'degrade', ...conditionBody('degrade', ctx.request.body) } });
  });

  router.post('/resources/:name/up', async (ctx) => {
    const resource = named(ctx);
    const { recoverOverMs } = conditionBody('up', ctx.request.body);
    await apply(ctx, { resource, settings: null, ...(recoverOverMs === undefined ? {} : { recoverOverMs }) });
  });
  return router;
}

function unknownResource(name: string, known: string[]): AoaiError {
  return new AoaiError(
    404,
    JSON.stringify({
      error: { code: 'ResourceNotFound', message: `No resource is named "${name}". The resources are ${known.join(', ')}.` },
    }),
  );
}

function respond(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}
