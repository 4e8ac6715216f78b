import type { Turn } from './turn.ts';

/** The service's first check: the credentials, or its 401. */
export function authenticate(turn: Turn): void {
  const { inbound, identity } = turn;
  identity.resource.checkCredentials(inbound.header('api-key'), inbound.header('authorization'), inbound.path);
}
