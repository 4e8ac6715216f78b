import type { ResolvedDeployment } from '../config/resolve-config.ts';
import type { Operation } from '../generated/scenarios.ts';

/** The request header that asks for spillover on one request, naming the standard deployment. */
export const SPILLOVER_REQUEST_HEADER = 'x-ms-spillover-deployment';

/**
 * The standard deployment a provisioned deployment's refused request spills to, or undefined when it does not
 * spill: the deployment's own `spilloverDeployment` wins over the request's header (the service's rule), and
 * only a standard deployment of the resource that serves the operation takes the request.
 */
export function spilloverTarget(
  provisioned: ResolvedDeployment,
  requested: string,
  deployments: ReadonlyMap<string, ResolvedDeployment>,
  operation: Operation,
): ResolvedDeployment | undefined {
  if (provisioned.rateLimit?.ptu === undefined) return undefined;
  const name = provisioned.spilloverDeployment ?? requested;
  if (name === '' || name === provisioned.name) return undefined;
  const target = deployments.get(name);
  if (!target || target.rateLimit?.ptu !== undefined || !target.operations.has(operation)) return undefined;
  return target;
}
