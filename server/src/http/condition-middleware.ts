import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import type { Clock } from '../clock/index.ts';
import type { ResourceConditions } from '../drills/resource-conditions.ts';
import { faultError } from '../faults/fault-responses.ts';
import type { Resource } from '../pipeline/resource.ts';
import { isUnder } from './request-target.ts';
import { requestIdOf } from './request-id.ts';

/**
 * A resource that is down (a drill, see meetCondition) is down for every route under /openai, not only for the
 * operations: its model listings and stored responses answer its 503, hang or reset as the operations do. Free
 * while no condition is set.
 */
export function conditionMiddleware(
  conditions: ResourceConditions,
  clock: Clock,
  resourceOf: (req: IncomingMessage) => Resource,
): Middleware {
  return async (ctx, next) => {
    if (conditions.size === 0 || !isUnder(ctx.path, '/openai')) return next();
    const effect = conditions.active(resourceOf(ctx.req).name)?.effectAt(clock.now());
    switch (effect?.down) {
      case 'status':
        // the operation only words a 429 shorthand, which a drill never gives
        throw faultError(
          { kind: 'status', status: effect.status },
          { requestId: requestIdOf(ctx), operation: 'chat', apiVersion: undefined, contextWindow: 0 },
        );
      case 'reset':
        ctx.respond = false;
        ctx.req.socket.destroy();
        return;
      case 'timeout':
        // held until the client gives up, as the data plane holds it
        ctx.respond = false;
        if (!ctx.req.socket.destroyed) await new Promise((closed) => ctx.req.socket.once('close', closed));
        return;
      default:
        return next();
    }
  };
}
