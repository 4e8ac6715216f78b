import type { StringMatcher } from '../../generated/scenarios.ts';
import { quote } from './preview.ts';
import { cachedRegex, describeRegex } from './regex-cache.ts';
import { RegexHit } from './regex-hit.ts';
import type { Verdict } from './types.ts';

/** A compiled StringMatcher: a verdict on a value, where undefined means the value is absent. */
export type StringTest = (value: string | undefined) => Verdict;

/**
 * Compiles a StringMatcher for the condition named `field`. A plain string must be equal; an object's equals,
 * contains, regex and exists must all hold, and ignoreCase applies to the first three. A failure's `expected`
 * describes the whole matcher, so it is written once here rather than per request.
 */
export function compileStringMatcher(field: string, matcher: StringMatcher): StringTest {
  const spec = typeof matcher === 'object' && matcher !== null ? matcher : { equals: String(matcher) };
  const ignoreCase = spec.ignoreCase === true;
  const equals = typeof spec.equals === 'string' ? spec.equals : undefined;
  const contains = typeof spec.contains === 'string' ? spec.contains : undefined;
  // Without regard to case, equals and contains are literal regexes: no lowercased copy of a long prompt per rule.
  // JavaScript's own engine runs them, faster than RE2: a literal has no alternatives to backtrack into.
  const foldedEquals = ignoreCase && equals !== undefined ? new RegExp(`^(?:${escapeRegex(equals)})$`, 'i') : undefined;
  const foldedContains = ignoreCase && contains !== undefined ? new RegExp(escapeRegex(contains), 'i') : undefined;
  const regex = typeof spec.regex === 'string' ? cachedRegex(spec.regex, ignoreCase) : undefined;
  const exists = typeof spec.exists === 'boolean' ? spec.exists : undefined;

  const parts: string[] = [];
  if (exists !== undefined) parts.push(exists ? 'present' : 'absent');
  if (equals !== undefined) parts.push(quote(equals));
  if (contains !== undefined) parts.push(`contains ${quote(contains)}`);
  if (typeof spec.regex === 'string' && regex !== undefined) parts.push(describeRegex(spec.regex, regex));
  const folds = ignoreCase && (equals !== undefined || contains !== undefined || regex !== undefined);
  const expected = (parts.length > 0 ? parts.join(' and ') : 'anything') + (folds ? ' (ignoring case)' : '');
  const needsValue = exists === true || equals !== undefined || contains !== undefined || regex !== undefined;

  return (value) => {
    if (value === undefined) return needsValue ? { field, expected, actual: 'absent' } : undefined;
    let holds =
      exists !== false &&
      (equals === undefined || (foldedEquals ? foldedEquals.test(value) : value === equals)) &&
      (contains === undefined || (foldedContains ? foldedContains.test(value) : value.includes(contains)));
    let hit: RegexHit | undefined;
    if (holds && regex !== undefined) {
      if (typeof regex !== 'string' && regex.test(value)) hit = new RegexHit(regex, value);
      else holds = false;
    }
    return holds ? hit : { field, expected, actual: quote(value) };
  };
}

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeRegex(text: string): string {
  return text.replace(SPECIAL, '\\$&');
}
