import { compileLinearRegex, type LinearRegex, type RegexMatch } from '../../regex/index.ts';
import { BoundedCache } from './bounded-cache.ts';
import type { Captures } from './types.ts';

const cache = new BoundedCache<string, LinearRegex | string>(1000);

/**
 * The regex, compiled once per source and flags for RE2, which matches in time linear in the text (a rule's
 * `^(a+)+$` on a prompt must not stall the server); for an invalid one, the reason instead. The loader rejects
 * invalid regexes, so here one only has to never match, not to throw.
 */
export function cachedRegex(source: string, ignoreCase: boolean): LinearRegex | string {
  const key = `${ignoreCase ? 'i' : ''}/${source}`;
  let regex = cache.get(key);
  if (regex === undefined) {
    try {
      regex = compileLinearRegex(source, { ignoreCase });
    } catch (error) {
      regex = error instanceof Error ? error.message : String(error);
    }
    cache.set(key, regex);
  }
  return regex;
}

/** The groups of a regex match, with '' for groups that took no part. */
export function capturesOf(match: RegexMatch): Captures {
  const captures: Captures = Array.from(match, (group) => group ?? '');
  if (match.groups && Object.keys(match.groups).length > 0) {
    const groups: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups)) groups[name] = value ?? '';
    captures.groups = groups;
  }
  return captures;
}

/** How a regex reads in a failure: `matches /order (\d+)/`, and why it never matches when it is invalid. */
export function describeRegex(source: string, regex: LinearRegex | string): string {
  if (typeof regex !== 'string') return `matches /${source}/`;
  return `matches /${source}/, an invalid regular expression (${regex})`;
}
