import type { ResourceConditions } from '../drills/resource-conditions.ts';
import { faultError } from '../faults/fault-responses.ts';
import type { Turn } from './turn.ts';

/**
 * The resource's condition, a drill set through the control API, met before anything else: a resource that is
 * down answers nothing else (its 503, a hang until the client gives up, or a reset); a degraded one fails its
 * error rate's share, and leaves its latency and quota factors on the turn for the stages after. True when the
 * request has been dealt with. Run only while some condition is set (see runTurn).
 */
export async function meetCondition(turn: Turn, conditions: ResourceConditions): Promise<boolean> {
  const condition = conditions.active(turn.identity.resource.name);
  const effect = condition?.effectAt(turn.startedAt);
  if (condition === undefined || effect === undefined) return false;
  turn.condition = effect;
  turn.notes.fault = `resource:${condition.status}`;
  const { reply } = turn;
  switch (effect.down) {
    case 'timeout':
      await reply.hold(undefined, turn.scheduler);
      reply.drop();
      return true;
    case 'reset':
      reply.reset();
      return true;
    case 'status':
      throw conditionError(turn, effect.status);
    case undefined:
      if (condition.fails(effect)) throw conditionError(turn, effect.status);
      return false;
  }
}

function conditionError(turn: Turn, status: number) {
  // before the api-version is checked and the deployment known, as the service's front door answers
  return faultError(
    { kind: 'status', status },
    { requestId: turn.reply.requestId, operation: turn.identity.operation, apiVersion: undefined, contextWindow: 0 },
  );
}
