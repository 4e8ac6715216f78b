import { planFor, type InFlightCounter } from '../latency/index.ts';
import type { ScenarioDecision } from '../scenarios/engine.ts';
import { requestPromptTokens } from '../tokens/request-tokens.ts';
import { tokenizerFor } from '../tokens/tokenizer.ts';
import type { Turn } from './turn.ts';

/**
 * What the scenario rules say of the request (an answer, an error, a latency of their own, or nothing), and its
 * timing: the rule's latency over the deployment's, grown by the requests in flight on the deployment. A promise
 * only when the rule counters are a shared store's, so that the memory store's turn awaits nothing here.
 */
export function decide(turn: Turn, inFlight: InFlightCounter): ScenarioDecision | Promise<ScenarioDecision> {
  const deployment = turn.resolved;
  const { operation } = turn.identity;
  const { fields } = turn.body;
  // the view pickFault made, the stage before
  const decision = turn.state.scenarios.decide(turn.view!, {
    requestId: turn.reply.requestId,
    apiVersion: turn.apiVersion,
    contextWindow: deployment.contextWindow,
    promptTokens: () => requestPromptTokens(operation, fields, tokenizerFor(deployment.tokenizer)),
    time: turn.time,
  });
  if (decision instanceof Promise) return decision.then((decided) => keep(turn, decided, inFlight));
  return keep(turn, decision, inFlight);
}

function keep(turn: Turn, decision: ScenarioDecision, inFlight: InFlightCounter): ScenarioDecision {
  turn.decision = decision;
  if (decision.rule) turn.notes.rule = decision.rule;
  turn.timing = planFor(turn.resolved.latency, decision.latency).forRequest(
    inFlight.current(turn.identity.deploymentKey!),
    latencyScale(turn),
  );
  return decision;
}

/** The latency factor of the resource's condition and of a `latency` fault, 1 when neither applies. */
function latencyScale(turn: Turn): number {
  const action = turn.fault?.action;
  const byFault = action?.kind === 'latency' ? (action.factor ?? 1) : 1;
  return turn.condition === undefined ? byFault : byFault * turn.condition.latencyFactor;
}
