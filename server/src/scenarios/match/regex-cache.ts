import { BoundedCache } from './bounded-cache.ts';
import type { Captures } from './types.ts';

const cache = new BoundedCache<string, RegExp | string>(1000);

/**
 * The regex, compiled once per source and flags; for an invalid one, the reason instead. The loader rejects invalid
 * regexes, so here one only has to never match, not to throw.
 */
export function cachedRegex(source: string, ignoreCase: boolean): RegExp | string {
  const flags = ignoreCase ? 'i' : '';
  const key = `${flags}/${source}`;
  let regex = cache.get(key);
  if (regex === undefined) {
    try {
      // No g or y flag: exec keeps no state, so one instance can serve every request.
      regex = new RegExp(source, flags);
    } catch (error) {
      regex = error instanceof Error ? error.message : String(error);
    }
    cache.set(key, regex);
  }
  return regex;
}

/** The groups of a regex match, with '' for groups that took no part. */
export function capturesOf(match: RegExpExecArray): Captures {
  const captures: Captures = Array.from(match, (group) => group ?? '');
  if (match.groups) {
    const groups: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups)) groups[name] = value ?? '';
    captures.groups = groups;
  }
  return captures;
}

/** How a regex reads in a failure: `matches /order (\d+)/`, and why it never matches when it is invalid. */
export function describeRegex(source: string, regex: RegExp | string): string {
  if (typeof regex !== 'string') return `matches /${source}/`;
  // V8 repeats the source in its message: keep only the reason.
  const reason = regex.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  return `matches /${source}/, an invalid regular expression (${reason})`;
}
