import type { Operation } from '../../generated/scenarios.ts';
import type { RegexHit } from './regex-hit.ts';

/** What the matcher sees of a request. Header names are lowercase. */
export interface RequestView {
  deployment: string;
  operation: Operation;
  /** Without the query string. */
  path: string;
  headers: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
  /** The JSON body, or the multipart fields. */
  body: Readonly<Record<string, unknown>>;
  testId?: string;
  /** The resource's name (`default` for the simulator's own) and its region, when the request reached one. */
  resource?: string;
  region?: string;
}

/** Why one condition did not hold: for near-miss reports and logs. */
export interface MatchFailure {
  /** The condition: `deployment`, `lastUserMessage`, `headers.x-tenant`, `query.foo`, `body.messages[0].role`, `tool`, `turns`… */
  field: string;
  /** What the condition wanted, e.g. `contains "weather" (ignoring case)`, `one of chat, responses`, `>= 3`. */
  expected: string;
  /** What the request had, cut to about 80 characters, e.g. `"What is the time?"`, `absent`, `2`. */
  actual: string;
}

/** Regex groups: index 0 is the whole match, like RegExp exec; named groups under `groups`. Unmatched groups are ''. */
export type Captures = string[] & { groups?: Record<string, string> };

export interface MatchResult {
  matched: boolean;
  /** Empty when matched; otherwise every condition that failed, in the order the match names them. */
  failures: MatchFailure[];
  /**
   * The groups of the first regex condition that matched, in this order: lastUserMessage, systemMessage, path, headers
   * (as written), query, body (in order), deployment, testId. Empty when no regex matched or the request did not match.
   */
  captures: Captures;
  /** The groups of each regex condition by field, e.g. `capturesBy['headers.x-tenant']`. Empty when the request did not match. */
  capturesBy: Record<string, Captures>;
}

/** A condition's verdict: undefined when it holds, a RegexHit when it holds by a regex, otherwise why not. */
export type Verdict = undefined | RegexHit | MatchFailure;
