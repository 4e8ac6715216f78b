import type { ResolvedDeployment } from '../config/resolve-config.ts';
import { quotaKey } from '../limits/quota-key.ts';
import { rateLimitedError, type LimitAdmitted, type RateLimiter } from '../limits/index.ts';
import { modelSession } from '../protocol/ids.ts';
import type { Turn } from './turn.ts';

/**
 * A provisioned deployment's 429 turned into the service's spillover: the request is admitted on the standard
 * deployment's quota and served as it, the answer saying where it came from (`x-ms-spillover-from-deployment`),
 * why (`x-ms-spillover-error`: the provisioned deployment's status) and who served it (`x-ms-deployment-name`).
 * When the standard deployment refuses too, its own 429 is the answer, with the same spillover headers.
 */
export async function spillOver(turn: Turn, limits: RateLimiter, target: ResolvedDeployment, estimate: number): Promise<LimitAdmitted> {
  const { identity, reply, notes } = turn;
  const from = turn.resolved.name;
  const resource = identity.resource.name;
  const decision = await limits.admit({ deployment: target, resource, estimate });
  reply.set({
    'x-ms-spillover-from-deployment': from,
    // the status the provisioned deployment would have answered: only its quota's 429 spills here
    'x-ms-spillover-error': '429',
    'x-ms-deployment-name': target.name,
    'azureml-model-session': modelSession(target.name),
  });
  // served by, journaled and counted under the standard deployment, as the service's metrics count a spillover
  turn.deployment = target;
  identity.deployment = target.name;
  identity.deploymentKey = quotaKey(resource, target.name);
  if (!decision.admitted) {
    notes.limiter = { decision: 'refused', limit: decision.limit, retryAfterMs: decision.retryAfterMs };
    throw rateLimitedError(decision, identity.operation, turn.apiVersion);
  }
  notes.limiter = { decision: target.rateLimit ? 'admitted' : 'unlimited' };
  reply.set(decision.headers);
  return decision;
}
