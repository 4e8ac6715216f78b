/**
 * The scenario matcher: whether a request meets a rule's `match`, with the regex groups for templates, and why
 * not when it does not. Pure: no HTTP framework types, no I/O.
 */
export { matchRequest, requestMatches } from './match-request.ts';
export { describeFailure, describeNearMisses, nearMisses } from './near-misses.ts';
export type { Captures, MatchFailure, MatchResult, RequestView } from './types.ts';
