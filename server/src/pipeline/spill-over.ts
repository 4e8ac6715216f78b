import type { ResolvedDeployment } from '../config/resolve-config.ts';
import type { LimitAdmitted, RateLimiter } from '../limits/index.ts';
import { admitted } from './admit.ts';
import { serveAs } from './resolve-deployment.ts';
import type { Turn } from './turn.ts';

/**
 * A provisioned deployment's 429 turned into the service's spillover: the request is admitted on the standard
 * deployment's quota and served as it, the answer saying where it came from (`x-ms-spillover-from-deployment`),
 * why (`x-ms-spillover-error`: the provisioned deployment's status) and who served it (`x-ms-deployment-name`).
 * When the standard deployment refuses too, its own 429 is the answer, with the same spillover headers.
 */
export async function spillOver(
  turn: Turn,
  limits: RateLimiter,
  target: ResolvedDeployment,
  estimate: number,
  quotaFactor: number | undefined,
): Promise<LimitAdmitted> {
  const from = turn.resolved.name;
  // under the same quota adjustment as the provisioned deployment: it is the resource's
  const decision = await limits.admit({ deployment: target, resource: turn.identity.resource.name, estimate, quotaFactor });
  // the status the provisioned deployment would have answered: only its quota's 429 spills here
  turn.reply.set({ 'x-ms-spillover-from-deployment': from, 'x-ms-spillover-error': '429' });
  // served by, journaled and counted under the standard deployment, as the service's metrics count a spillover
  serveAs(turn, target);
  return admitted(turn, decision, target);
}
