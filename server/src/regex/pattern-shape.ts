/** What can be read off a pattern in JavaScript's syntax without compiling it. */

/** A feature of JavaScript regular expressions that RE2 lacks, because it cannot be matched in linear time. */
export type UnsupportedFeature = 'lookaround' | 'backreference';

/**
 * The first feature of `source` (JavaScript syntax) that RE2 cannot run, if any: lookahead and lookbehind
 * (`(?=`, `(?!`, `(?<=`, `(?<!`) and backreferences (`\1`, `\k<name>`). Found here rather than read from RE2's
 * error, which calls a lookbehind "an invalid named capture", and because translating JavaScript's syntax would
 * quietly turn `\k<name>` into the text "k<name>". Character classes are skipped: `[(?=]` is three characters.
 */
export function unsupportedFeature(source: string): UnsupportedFeature | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && ((next >= '1' && next <= '9') || (next === 'k' && source[i + 2] === '<'))) return 'backreference';
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      // JavaScript's `[]` (nothing) and `[^]` (anything) are whole classes
      if (source[i + 1] === ']') i++;
      else if (source[i + 1] === '^' && source[i + 2] === ']') i += 2;
      else inClass = true;
    } else if (char === '(' && source[i + 1] === '?') {
      const kind = source.slice(i + 2, i + 4);
      if (kind[0] === '=' || kind[0] === '!' || kind === '<=' || kind === '<!') return 'lookaround';
    }
  }
  return undefined;
}

/**
 * Whether `source` can only match at the start of the text: it begins with `^` and has no `|` outside groups
 * (`^a|b` also matches "xb"). RE2's port scans the whole text for such a pattern; told it is anchored, it stops
 * at the first character that cannot match.
 */
export function anchoredAtStart(source: string): boolean {
  return source.startsWith('^') && !hasTopLevelAlternation(source);
}

/** Characters with a meaning of their own in a pattern; escaped, each stands for itself. */
const SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/', '-']);
const QUANTIFIERS = new Set(['*', '?', '{']);

/**
 * The text every match of `source` begins with ('' when there is none to be sure of): the leading ASCII
 * characters taken literally, up to the first operator. `order (\d+)` begins with "order ", `ab*c` with "a";
 * `a|b`, `(ab)`, `\d+` and `^ab` give ''. A match cannot start before the first place this text occurs.
 */
export function literalPrefix(source: string): string {
  if (hasTopLevelAlternation(source)) return '';
  let prefix = '';
  for (let i = 0; i < source.length;) {
    let char = source[i]!;
    let width = 1;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (!SYNTAX.has(next)) break;
      char = next;
      width = 2;
    } else if (SYNTAX.has(char) && char !== '-' && char !== '/') break;
    if (char.charCodeAt(0) > 0x7e || char.charCodeAt(0) < 0x20) break;
    // `ab*` may match "a": a quantifier that allows none takes its character back
    if (QUANTIFIERS.has(source[i + width] ?? '')) break;
    prefix += char;
    if (source[i + width] === '+') break;
    i += width;
  }
  return prefix;
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') {
      if (source[i + 1] === ']') i++;
      else if (source[i + 1] === '^' && source[i + 2] === ']') i += 2;
      else inClass = true;
    } else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return true;
  }
  return false;
}
