import type { Match } from '../../generated/scenarios.ts';
import { compileMatch } from './compile-match.ts';
import { RegexHit } from './regex-hit.ts';
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
  let hits: Map<string, RegexHit> | undefined;
  let best: RegexHit | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const check of compileMatch(match)) {
    const verdict = check.test(request);
    if (verdict === undefined) continue;
    if (!(verdict instanceof RegexHit)) {
      if (stopAtMiss) return missed([]);
      (failures ??= []).push(verdict);
    } else if (failures === undefined) {
      hits ??= new Map();
      if (!hits.has(check.field)) hits.set(check.field, verdict);
      if (check.rank < bestRank) [best, bestRank] = [verdict, check.rank];
    }
  }
  return failures === undefined ? new Matched(best, hits) : missed(failures);
}

const missed = (failures: MatchFailure[]): MatchResult => ({ matched: false, failures, captures: [], capturesBy: {} });
const NO_FAILURES: MatchFailure[] = [];

/** A match, whose regex groups are found when first read. */
class Matched implements MatchResult {
  readonly matched = true;
  readonly failures = NO_FAILURES;
  readonly #best: RegexHit | undefined;
  readonly #hits: ReadonlyMap<string, RegexHit> | undefined;
  #capturesBy: Record<string, Captures> | undefined;

  constructor(best: RegexHit | undefined, hits: ReadonlyMap<string, RegexHit> | undefined) {
    this.#best = best;
    this.#hits = hits;
  }

  get captures(): Captures {
    return this.#best?.captures ?? [];
  }

  get capturesBy(): Record<string, Captures> {
    if (this.#capturesBy === undefined) {
      this.#capturesBy = {};
      for (const [field, hit] of this.#hits ?? []) this.#capturesBy[field] = hit.captures;
    }
    return this.#capturesBy;
  }
}
