import type { Operation } from '../generated/scenarios.ts';
import { AoaiError } from '../http/aoai-error.ts';
import type { DataPlaneRequest, OperationHandler, OperationResult } from '../operations/types.ts';
import type { Turn } from './turn.ts';

/** Operations whose answers a rule can script as text or tool calls; the others take `raw` or `error`. */
const SCRIPTABLE = new Set<Operation>(['chat', 'completions', 'responses', 'realtime']);

/** The operation's handler answers: the default generator, shaping a rule's scripted text or tool calls when there is one. */
export function generate(turn: Turn, handlers: Readonly<Record<Operation, OperationHandler>>): OperationResult | Promise<OperationResult> {
  const { operation } = turn.identity;
  const { fields, files, key } = turn.body;
  const scripted = turn.decision?.answer;
  if (scripted && !SCRIPTABLE.has(operation)) throw unscriptable(scripted.rule, operation);
  const request: DataPlaneRequest = {
    operation,
    deployment: turn.resolved,
    apiVersion: turn.apiVersion,
    route: turn.target.spec.route,
    body: fields,
    ...(key === undefined ? {} : { bodyKey: key }),
    files,
    origin: `http://${turn.inbound.header('host')}`,
    time: turn.time,
    deploymentKey: turn.identity.deploymentKey,
    ...(scripted ? { scripted } : {}),
  };
  return handlers[operation](request);
}

function unscriptable(rule: string, operation: Operation): AoaiError {
  return AoaiError.openai(
    500,
    `Scenario rule "${rule}" answers with text or tool calls, which the ${operation} operation cannot return; answer it with raw or error instead.`,
    {
      type: 'server_error',
      code: 'scenario_unsupported_answer',
    },
  );
}
