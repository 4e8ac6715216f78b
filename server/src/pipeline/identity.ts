import type { Operation } from '../generated/scenarios.ts';
import type { Resource } from './resource.ts';

/**
 * Who a request is for: the resource and operation its target names, then its test id and deployment as the
 * turn learns them. The one key the limits, the rule counters, the journal and the metrics read, so that a
 * request refused before its deployment is known (a 401, an unknown deployment, a bad api-version) is still
 * journaled and counted under what is known of it.
 */
export class Identity {
  readonly resource: Resource;
  readonly operation: Operation;
  /** The caller's test id (server.testIdHeader), once read; undefined when it sent none. */
  testId: string | undefined;
  /** The deployment's name once it is resolved: never a name the caller sent that no deployment has. */
  deployment: string | undefined;
  /** The resource's deployment as one key (see quotaKey), once resolved: what requests in flight are counted by. */
  deploymentKey: string | undefined;

  constructor(resource: Resource, operation: Operation) {
    this.resource = resource;
    this.operation = operation;
    this.testId = undefined;
    this.deployment = undefined;
    this.deploymentKey = undefined;
  }
}
