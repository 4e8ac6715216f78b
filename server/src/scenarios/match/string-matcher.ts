import type { StringMatcher } from '../../generated/scenarios.ts';
import { quote } from './preview.ts';
import { cachedRegex, capturesOf, describeRegex } from './regex-cache.ts';
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
  // Without regard to case, equals and contains are literal regexes: no lowercased copy of a long prompt per rule,
  // and the same case folding as an ignoreCase regex.
  const foldedEquals = ignoreCase && equals !== undefined ? cachedRegex(`^(?:${escapeRegex(equals)})$`, true) : undefined;
  const foldedContains = ignoreCase && contains !== undefined ? cachedRegex(escapeRegex(contains), true) : undefined;
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
      (equals === undefined || (foldedEquals instanceof RegExp ? foldedEquals.test(value) : value === equals)) &&
      (contains === undefined || (foldedContains instanceof RegExp ? foldedContains.test(value) : value.includes(contains)));
    let captures: Verdict;
    if (holds && regex !== undefined) {
      const found = typeof regex === 'string' ? null : regex.exec(value);
      if (found) captures = capturesOf(found);
      else holds = false;
    }
    return holds ? captures : { field, expected, actual: quote(value) };
  };
}

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeRegex(text: string): string {
  return text.replace(SPECIAL, '\\$&');
}
