import type { Deployment } from '../generated/scenarios.ts';
import { isModelRouter } from '../model-router/index.ts';
import { didYouMean } from './did-you-mean.ts';
import { modelFamily } from './model-catalog.ts';
import type { SchemaProblem } from './schema-validator.ts';

type Deployments = Readonly<Record<string, Deployment>>;

/**
 * A deployment's `spilloverDeployment` must be a provisioned deployment's, and name a standard deployment of the
 * merged configuration (the service refuses anything else when the deployment is made). `own` are one file's
 * deployments, `all` the merged ones, as the spillover deployment may be defined in another file.
 */
export function spilloverProblems(own: Deployments, all: Deployments): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [name, deployment] of Object.entries(own)) {
    // runs on files that may not fit the schema, whose problems are reported already
    const spillover: unknown = isObject(deployment) ? deployment.spilloverDeployment : undefined;
    if (typeof spillover !== 'string') continue;
    const path = ['deployments', name, 'spilloverDeployment'];
    const target = isObject(all[spillover]) ? all[spillover] : undefined;
    if (deployment.rateLimit?.ptu === undefined) {
      problems.push({ path, message: 'is only for a provisioned deployment: set rateLimit.ptu, or remove spilloverDeployment' });
    } else if (!target) {
      const names = Object.keys(all).filter((other) => other !== name);
      problems.push({ path, message: `names no deployment ("${spillover}")${didYouMean(spillover, names)}` });
    } else if (spillover === name || target.rateLimit?.ptu !== undefined) {
      problems.push({
        path,
        message: `must name a standard deployment, not a provisioned one ("${spillover}" has rateLimit.ptu)`,
      });
    }
  }
  return problems;
}

/** A `router` belongs on a model-router deployment, and routes to chat models the simulator knows. */
export function routerProblems(name: string, deployment: Deployment): SchemaProblem[] {
  const router = deployment.router;
  if (router === undefined) return [];
  const path = ['deployments', name, 'router'];
  if (!isModelRouter(deployment.model)) {
    return [{ path, message: `is only for a model-router deployment, not "${deployment.model}"` }];
  }
  const problems: SchemaProblem[] = [];
  router.models?.forEach((route, i) => {
    const family = modelFamily(route.model);
    if (!family || !family.operations.includes('chat') || isModelRouter(route.model)) {
      problems.push({ path: [...path, 'models', i, 'model'], message: `is not a chat model the simulator knows ("${route.model}")` });
    }
  });
  return problems;
}

function isObject(value: unknown): value is Deployment {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
