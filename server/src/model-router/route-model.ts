import type { ResolvedDeployment } from '../config/resolve-config.ts';
import type { ResolvedRouter } from './resolve-router.ts';

/**
 * The deployment a router serves a prompt of `promptTokens` as, by the prompt-length policy: the first route
 * whose bound holds it, else the last. Deterministic, so a test knows the model it will get.
 */
export function routeModel(router: ResolvedRouter, promptTokens: number): ResolvedDeployment {
  const { routes } = router;
  for (const route of routes) if (promptTokens <= route.upToTokens) return route.deployment;
  return routes[routes.length - 1]!.deployment;
}
