import type { Turn } from './turn.ts';

/**
 * The service's first check: the credentials, or its 401. The test id is read before it, so that a request
 * refused at any stage is found under its test id.
 */
export function authenticate(turn: Turn): void {
  const { inbound, identity } = turn;
  identity.testId = inbound.header(turn.state.config.server.testIdHeader) || undefined;
  identity.resource.checkCredentials(inbound.header('api-key'), inbound.header('authorization'), inbound.path);
}
