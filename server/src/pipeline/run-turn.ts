import { actOutFault } from '../faults/apply-fault.ts';
import { admit } from './admit.ts';
import { authenticate } from './authenticate.ts';
import { checkVersion } from './check-version.ts';
import { decide } from './decide.ts';
import { deliver } from './deliver.ts';
import { forwardUpstream, recordsEverything } from './forward-upstream.ts';
import { generate } from './generate.ts';
import { meetCondition } from './meet-condition.ts';
import { pickFault } from './pick-fault.ts';
import { readRequestBody } from './read-request-body.ts';
import { RECORD_THE_MISS, replay } from './replay.ts';
import { resolveDeployment } from './resolve-deployment.ts';
import { settle } from './settle.ts';
import type { Turn } from './turn.ts';
import type { TurnRuntime } from './turn-runtime.ts';

/**
 * A turn through the data plane's stages, in the service's order. A stage that refuses the request throws the
 * service's error, which serveTurn renders; the awaits are where the work waits (the body, the limiter, a fault,
 * the handler, the answer's delivery), so that nothing else costs a promise.
 */
export async function runTurn(turn: Turn, runtime: TurnRuntime): Promise<void> {
  // before anything can refuse the request, so that one refused at any stage, by a drill too, is found under it
  turn.identity.testId = turn.inbound.header(turn.state.config.server.testIdHeader) || undefined;
  // a drill's condition on the resource; while none is set, this size is all a request reads of them
  const { conditions } = runtime.state;
  if (conditions.size > 0 && (await meetCondition(turn, conditions))) return;
  authenticate(turn);
  checkVersion(turn);
  turn.body = await readRequestBody(turn);
  resolveDeployment(turn, runtime.inFlight);
  if (recordsEverything(turn)) return forwardUpstream(turn);
  turn.admission = await admit(turn, runtime.limits);
  const picking = pickFault(turn);
  if (picking) await picking;
  if (turn.fault && (await actOutFault(turn.reply, turn.fault.action, turn.scheduler))) return;
  const decided = decide(turn, runtime.inFlight);
  const decision = decided instanceof Promise ? await decided : decided;
  const replaying = replay(turn);
  const replayed = replaying instanceof Promise ? await replaying : replaying;
  if (replayed === RECORD_THE_MISS) return forwardUpstream(turn);
  const result = replayed ?? decision.result ?? (await generate(turn, runtime.handlers));
  await settle(turn, result, runtime);
  await deliver(turn, result);
}
