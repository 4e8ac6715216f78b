import type { Match, Operation, StringMatcher } from '../../generated/scenarios.ts';
import { isCredentialHeader, isCredentialParam, REDACTED } from '../../protocol/credentials.ts';
import { compileBodyMatcher } from './body-matcher.ts';
import { compileNumberMatcher } from './number-matcher.ts';
import { RegexHit } from './regex-hit.ts';
import { quote, quoteList } from './preview.ts';
import { factsOf } from './request-facts.ts';
import { offersTools } from './request-shapes.ts';
import { compileStringMatcher } from './string-matcher.ts';
import type { RequestView, Verdict } from './types.ts';

/** One condition of a match, ready to judge requests. */
export interface Check {
  field: string;
  /** Where its regex groups rank for `captures`: lower wins. */
  rank: number;
  test(request: RequestView): Verdict;
}

// The order in which regex conditions offer `captures`; within a kind, the order written.
const RANK_STEP = 100_000;
const CAPTURE_ORDER = [
  'lastUserMessage',
  'systemMessage',
  'path',
  'headers',
  'query',
  'body',
  'deployment',
  'testId',
  'resource',
  'region',
] as const;
const rankOf = (kind: (typeof CAPTURE_ORDER)[number], index = 0) => CAPTURE_ORDER.indexOf(kind) * RANK_STEP + index;
const NO_RANK = Number.POSITIVE_INFINITY;

const NO_CHECKS: readonly Check[] = [];
const compiled = new WeakMap<Match, readonly Check[]>();

/**
 * The checks of a match, in the order its conditions are written, built once per Match object: rules are loaded
 * once and then judge every request, so a match is treated as unchanging once seen.
 */
export function compileMatch(match: Match | undefined): readonly Check[] {
  if (match === null || typeof match !== 'object') return NO_CHECKS;
  let checks = compiled.get(match);
  if (checks === undefined) {
    checks = buildChecks(match);
    compiled.set(match, checks);
  }
  return checks;
}

function buildChecks(match: Match): Check[] {
  const checks: Check[] = [];
  for (const key of Object.keys(match) as Array<keyof Match>) {
    switch (key) {
      case 'deployment':
      case 'path':
      case 'testId':
      case 'resource':
      case 'region':
        if (match[key] !== undefined) checks.push(stringCheck(key, rankOf(key), match[key], (request) => text(request[key])));
        break;
      case 'lastUserMessage':
      case 'systemMessage':
        if (match[key] !== undefined) checks.push(stringCheck(key, rankOf(key), match[key], (request) => factsOf(request)[key]));
        break;
      case 'operation':
        if (match.operation !== undefined) checks.push(operationCheck(match.operation));
        break;
      case 'headers':
        entries(match.headers).forEach(([name, matcher], i) => {
          const lower = name.toLowerCase();
          const check = stringCheck(`headers.${lower}`, rankOf('headers', i), matcher, (request) => lookup(request.headers, lower));
          checks.push(isCredentialHeader(lower) ? keptSecret(check) : check);
        });
        break;
      case 'query':
        entries(match.query).forEach(([name, matcher], i) => {
          const check = stringCheck(`query.${name}`, rankOf('query', i), matcher, (request) => lookup(request.query, name));
          checks.push(isCredentialParam(name) ? keptSecret(check) : check);
        });
        break;
      case 'body':
        (Array.isArray(match.body) ? match.body : []).forEach((matcher, i) => {
          if (matcher === null || typeof matcher !== 'object') return;
          const field = `body.${String(matcher.path)}`;
          const test = compileBodyMatcher(field, matcher);
          checks.push({ field, rank: rankOf('body', i), test: (request) => test(request.body) });
        });
        break;
      case 'hasTools':
        if (typeof match.hasTools === 'boolean') checks.push(hasToolsCheck(match.hasTools));
        break;
      case 'tool':
        if (typeof match.tool === 'string') checks.push(toolCheck(match.tool));
        break;
      case 'toolResultFor':
        if (typeof match.toolResultFor === 'string') checks.push(toolResultCheck(match.toolResultFor));
        break;
      case 'turns':
        if (match.turns !== undefined) {
          const test = compileNumberMatcher('turns', match.turns);
          checks.push({ field: 'turns', rank: NO_RANK, test: (request) => test(factsOf(request).turns) });
        }
        break;
    }
  }
  return checks;
}

function stringCheck(field: string, rank: number, matcher: StringMatcher, read: (request: RequestView) => string | undefined): Check {
  const test = compileStringMatcher(field, matcher);
  return { field, rank, test: (request) => test(read(request)) };
}

/**
 * A condition on a credential (the api-key header, a token parameter) judges as any other, but says nothing of
 * either key: its regex groups are not offered to templates, and a miss reports both the value and what the rule
 * wanted as REDACTED. Otherwise `regex: "(.*)"` and `{{ captures[1] }}` would echo the caller's key into an
 * answer, and a strict-mode miss would show the caller's key, or the key a rule expects, to whoever sent another.
 */
function keptSecret(check: Check): Check {
  return {
    field: check.field,
    rank: NO_RANK,
    test: (request) => {
      const verdict = check.test(request);
      if (verdict === undefined || verdict instanceof RegexHit) return undefined;
      return { ...verdict, expected: REDACTED, actual: verdict.actual === 'absent' ? 'absent' : REDACTED };
    },
  };
}

function operationCheck(operation: Operation | readonly Operation[]): Check {
  const operations: readonly unknown[] = Array.isArray(operation) ? operation : [operation];
  const expected = operations.length === 1 ? String(operations[0]) : `one of ${operations.join(', ')}`;
  return {
    field: 'operation',
    rank: NO_RANK,
    test: (request) =>
      operations.includes(request.operation) ? undefined : { field: 'operation', expected, actual: text(request.operation) ?? 'absent' },
  };
}

function hasToolsCheck(wanted: boolean): Check {
  const expected = String(wanted);
  return {
    field: 'hasTools',
    rank: NO_RANK,
    test: (request) => {
      const offered = offersTools(bodyOf(request));
      return offered === wanted ? undefined : { field: 'hasTools', expected, actual: String(offered) };
    },
  };
}

function toolCheck(name: string): Check {
  const expected = quote(name);
  return {
    field: 'tool',
    rank: NO_RANK,
    test: (request) => {
      const names = factsOf(request).toolNames;
      return names.includes(name) ? undefined : { field: 'tool', expected, actual: showNames(names) };
    },
  };
}

function toolResultCheck(callId: string): Check {
  const any = callId === '*';
  const expected = any ? 'any tool result' : `a tool result for ${quote(callId)}`;
  return {
    field: 'toolResultFor',
    rank: NO_RANK,
    test: (request) => {
      const ids = factsOf(request).toolResultIds;
      if (any ? ids.length > 0 : ids.includes(callId)) return undefined;
      return { field: 'toolResultFor', expected, actual: showResults(ids) };
    },
  };
}

const showNames = (names: readonly string[]) => (names.length > 0 ? quoteList(names) : 'absent');
const showResults = (ids: readonly string[]) => (ids.length > 0 ? `tool results for ${quoteList(ids)}` : 'no tool results');

function entries<T>(map: Readonly<Record<string, T>> | undefined): Array<[string, T]> {
  return map !== null && typeof map === 'object' ? Object.entries(map) : [];
}

/** A header or query value; a repeated one, should a caller pass its list, reads as the list joined like HTTP does. */
function lookup(map: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  if (map === null || typeof map !== 'object' || !Object.hasOwn(map, name)) return undefined;
  const value = map[name];
  return Array.isArray(value) ? value.join(', ') : text(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function bodyOf(request: RequestView): Readonly<Record<string, unknown>> {
  return request.body !== null && typeof request.body === 'object' ? request.body : {};
}
