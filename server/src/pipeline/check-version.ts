import { checkApiVersion, checkResponsesVersion } from '../protocol/api-version-check.ts';
import type { Turn } from './turn.ts';

/** The api-version, under the policy in force: a dated route without one is a 404, an unknown one a 400. */
export function checkVersion(turn: Turn): void {
  const { route, operation } = turn.target.spec;
  const apiVersion = checkApiVersion(turn.inbound.query.get('api-version') ?? undefined, route, turn.state.config.server.apiVersionPolicy);
  if (operation === 'responses' && route === 'dated') checkResponsesVersion(apiVersion);
  turn.apiVersion = apiVersion;
}
