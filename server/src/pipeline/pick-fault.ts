import { STREAM_FAULTS } from '../faults/apply-fault.ts';
import { faultError } from '../faults/fault-responses.ts';
import type { ChosenFault } from '../faults/fault-injector.ts';
import { requestView } from '../routes/request-facts.ts';
import type { Turn } from './turn.ts';

/**
 * The fault the request gets, if any: an incident's phase, a configured fault, or one armed through the
 * control API. A status fault is thrown as the service's error; one that acts on the stream is kept for the
 * answer's delivery; the others (a hang, a reset, an empty or malformed answer) are acted out by actOutFault.
 */
export function pickFault(turn: Turn): void | Promise<void> {
  const { identity } = turn;
  const view = requestView(turn.inbound, identity.resource, turn.resolved.name, identity.operation, turn.body.fields, identity.testId);
  turn.view = view;
  const picked = turn.state.faults.pick(view);
  // a promise only when a one-shot shared with other simulators must claim its firing
  if (picked instanceof Promise) return picked.then((fault) => applyFault(turn, fault));
  applyFault(turn, picked);
}

function applyFault(turn: Turn, fault: ChosenFault | undefined): void {
  const { identity } = turn;
  if (!fault) return;
  turn.fault = fault;
  turn.notes.fault = fault.source;
  const { action } = fault;
  if (action.kind === 'status') {
    throw faultError(action, {
      requestId: turn.reply.requestId,
      operation: identity.operation,
      apiVersion: turn.apiVersion,
      contextWindow: turn.resolved.contextWindow,
    });
  }
  if (STREAM_FAULTS.has(action.kind)) turn.streamFault = action;
}
