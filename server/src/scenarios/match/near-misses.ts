import type { Match } from '../../generated/scenarios.ts';
import { matchRequest } from './match-request.ts';
import type { MatchFailure, RequestView } from './types.ts';

/**
 * The rules closest to matching, for a strict-mode miss: each rule that did not match, with its failures; fewest
 * failures first, ties in rule order; at most `limit`. Rules that match are not near misses and are left out.
 */
export function nearMisses<R extends { name: string; match?: Match }>(
  rules: readonly R[],
  request: RequestView,
  limit = 3,
): Array<{ rule: R; failures: MatchFailure[] }> {
  if (!(limit > 0)) return [];
  const misses: Array<{ rule: R; failures: MatchFailure[] }> = [];
  for (const rule of rules) {
    const { matched, failures } = matchRequest(rule.match, request);
    if (!matched) misses.push({ rule, failures });
  }
  // Array sort is stable, which keeps ties in rule order.
  return misses.sort((a, b) => a.failures.length - b.failures.length).slice(0, limit);
}

/** One failure as a phrase: `tool expected "get_weather", got absent`. */
export function describeFailure(failure: MatchFailure): string {
  return `${failure.field} expected ${failure.expected}, got ${failure.actual}`;
}

/** One line per near miss: `rule "weather": lastUserMessage expected contains "weather", got "What time is it?"; tool expected …`. */
export function describeNearMisses(misses: ReadonlyArray<{ rule: { name: string }; failures: readonly MatchFailure[] }>): string[] {
  return misses.map(({ rule, failures }) => `rule ${JSON.stringify(rule.name)}: ${failures.map(describeFailure).join('; ')}`);
}
