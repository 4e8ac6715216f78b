import type { BodyMatcher } from '../../generated/scenarios.ts';
import { parseBodyPath, resolveBodyPath } from './body-path.ts';
import { deepEqual } from './deep-equal.ts';
import { compileBounds } from './number-matcher.ts';
import { preview } from './preview.ts';
import { cachedRegex, describeRegex } from './regex-cache.ts';
import { RegexHit } from './regex-hit.ts';
import type { Verdict } from './types.ts';

/**
 * Compiles a BodyMatcher for the condition named `field`. Every test given must hold: equals (deep), contains (a
 * substring of a string, an element of an array, a key of an object), regex (a string), exists, and the bounds (a
 * number). A matcher with only a path means the field is present; JSON null counts as present.
 */
export function compileBodyMatcher(field: string, matcher: BodyMatcher): (body: unknown) => Verdict {
  const path = parseBodyPath(typeof matcher.path === 'string' ? matcher.path : '');
  // The generated type narrows equals and contains to objects; the schema allows any JSON value.
  const equals: unknown = matcher.equals;
  const contains: unknown = matcher.contains;
  const regex = typeof matcher.regex === 'string' ? cachedRegex(matcher.regex, false) : undefined;
  const bounds = compileBounds({ gt: matcher.gt, gte: matcher.gte, lt: matcher.lt, lte: matcher.lte });
  const hasTest = equals !== undefined || contains !== undefined || regex !== undefined || bounds.any;
  const exists = typeof matcher.exists === 'boolean' ? matcher.exists : hasTest ? undefined : true;

  const tests: Array<(value: unknown) => boolean> = [];
  const parts: string[] = [];
  if (exists !== undefined) {
    tests.push((value) => (value !== undefined) === exists);
    parts.push(exists ? 'present' : 'absent');
  }
  if (equals !== undefined) {
    tests.push((value) => deepEqual(value, equals));
    parts.push(preview(equals));
  }
  if (contains !== undefined) {
    tests.push((value) => containsValue(value, contains));
    parts.push(`contains ${preview(contains)}`);
  }
  if (bounds.any) {
    tests.push(bounds.holds);
    parts.push(bounds.description);
  }
  if (typeof matcher.regex === 'string' && regex !== undefined) parts.push(describeRegex(matcher.regex, regex));
  let expected = parts.join(' and ');
  if (typeof path === 'string') expected += ` (invalid path: ${path})`;

  return (body) => {
    const value = typeof path === 'string' ? undefined : resolveBodyPath(body, path);
    let holds = typeof path !== 'string' && tests.every((test) => test(value));
    let hit: RegexHit | undefined;
    if (holds && regex !== undefined) {
      if (typeof regex !== 'string' && typeof value === 'string' && regex.test(value)) hit = new RegexHit(regex, value);
      else holds = false;
    }
    return holds ? hit : { field, expected, actual: preview(value) };
  };
}

/** A string holds a substring, an array an element deep-equal to the needle, an object a key named by it. */
function containsValue(value: unknown, needle: unknown): boolean {
  if (typeof value === 'string') return typeof needle === 'string' && value.includes(needle);
  if (Array.isArray(value)) return value.some((element) => deepEqual(element, needle));
  if (value !== null && typeof value === 'object') return typeof needle === 'string' && Object.hasOwn(value, needle);
  return false;
}
