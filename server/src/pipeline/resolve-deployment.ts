import type { ResolvedDeployment } from '../config/resolve-config.ts';
import { deploymentsOf } from '../config/resolve-resources.ts';
import type { Operation } from '../generated/scenarios.ts';
import type { AoaiError } from '../http/aoai-error.ts';
import type { InFlightCounter } from '../latency/index.ts';
import { quotaKey } from '../limits/quota-key.ts';
import { modelSession } from '../protocol/ids.ts';
import { unknownDeploymentHint, unsupportedOperationHint, withHint } from '../protocol/refusal-hints.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import { journalBody, modelOf } from '../routes/request-facts.ts';
import type { Turn } from './turn.ts';

/**
 * The deployment the request names, in its path or in its body's `model`, or the service's 404; then the
 * service's 400 when the deployment's model does not serve the operation. From here the request is in flight
 * on the deployment, and the journal keeps what it asked.
 */
export function resolveDeployment(turn: Turn, inFlight: InFlightCounter): void {
  const { config } = turn.state;
  const { identity, reply, body, notes } = turn;
  const name = turn.target.params.deployment ?? modelOf(body.fields);
  const served = deploymentsOf(config, identity.resource.name);
  const deployment = served.get(name) ?? config.undefinedDeployment?.(name, identity.operation);
  if (!deployment) throw withHint(serviceErrors.deploymentNotFound(), unknownDeploymentHint(name, served.keys()));
  serveAs(turn, deployment);
  if (!deployment.operations.has(identity.operation)) throw notServed(identity.operation, deployment);
  reply.onClose(inFlight.enter(identity.deploymentKey!));

  notes.stream = body.fields.stream === true;
  if (body.json === undefined) notes.requestBody = journalBody(body.fields, body.files);
  else notes.requestJson = body.json;
  if (turn.apiVersion) notes.apiVersion = turn.apiVersion;
}

function notServed(operation: Operation, deployment: ResolvedDeployment): AoaiError {
  const hint = unsupportedOperationHint(operation, deployment.name, deployment.model, deployment.operations);
  return withHint(serviceErrors.operationNotSupported(operation, deployment.name), hint);
}

/** Makes `deployment` the one serving the turn: its identity (and so its quota and counts) and the headers naming it. */
export function serveAs(turn: Turn, deployment: ResolvedDeployment): void {
  const { identity } = turn;
  turn.deployment = deployment;
  identity.deployment = deployment.name;
  identity.deploymentKey = quotaKey(identity.resource.name, deployment.name);
  turn.reply.set({ 'x-ms-deployment-name': deployment.name, 'azureml-model-session': modelSession(deployment.name) });
}
