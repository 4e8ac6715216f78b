import type { Match } from '../../generated/scenarios.ts';
import { compileMatch } from './compile-match.ts';
import type { Captures, MatchFailure, MatchResult, RequestView } from './types.ts';

/**
 * Judges a request against a rule's match: every condition is evaluated, so a miss lists all that failed. An
 * undefined or empty match matches everything. Captures are given only when the request matched.
 */
export function matchRequest(match: Match | undefined, request: RequestView): MatchResult {
  return judge(match, request, false);
}

/**
 * Whether a request meets a rule's match, for serving it: stops at the first condition that fails, and a miss
 * says nothing of why (its `failures` are empty). A request that misses a rule on its deployment is not read for
 * its messages, its body or its tools at all. Captures as matchRequest gives them.
 */
export function requestMatches(match: Match | undefined, request: RequestView): MatchResult {
  return judge(match, request, true);
}

function judge(match: Match | undefined, request: RequestView, stopAtMiss: boolean): MatchResult {
  let failures: MatchFailure[] | undefined;
  let capturesBy: Record<string, Captures> | undefined;
  let captures: Captures | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const check of compileMatch(match)) {
    const verdict = check.test(request);
    if (verdict === undefined) continue;
    if (!Array.isArray(verdict)) {
      if (stopAtMiss) return { matched: false, failures: [], captures: [], capturesBy: {} };
      (failures ??= []).push(verdict);
    } else if (failures === undefined) {
      capturesBy ??= {};
      capturesBy[check.field] ??= verdict;
      if (check.rank < bestRank) [captures, bestRank] = [verdict, check.rank];
    }
  }
  if (failures !== undefined) return { matched: false, failures, captures: [], capturesBy: {} };
  return { matched: true, failures: [], captures: captures ?? [], capturesBy: capturesBy ?? {} };
}
