import { RE2JS } from 're2js';
import { anchoredAtStart, literalPrefix, unsupportedFeature, type UnsupportedFeature } from './pattern-shape.ts';

/** A match as RegExp's exec gives it: the whole match, then each group (undefined when it took no part). */
export type RegexMatch = Array<string | undefined> & { index: number; groups?: Record<string, string | undefined> };

/** Why a pattern cannot run on RE2: a feature it lacks, or RE2's own syntax error. */
export class RegexSyntaxError extends Error {
  override readonly name = 'RegexSyntaxError';
  readonly feature: UnsupportedFeature | undefined;

  constructor(message: string, feature?: UnsupportedFeature) {
    super(message);
    this.feature = feature;
  }
}

/**
 * A regular expression that matches in time linear in the text, whatever the pattern: RE2 (through re2js, a pure
 * JavaScript port, so no native build). JavaScript's backtracking RegExp takes exponential time on patterns such
 * as `^(a+)+$`, and a pattern from a scenarios file or a request body must not be able to stall the server.
 * Stateless: one instance serves every request.
 *
 * @example
 *   const order = compileLinearRegex('order (?<id>\\d+)', { ignoreCase: true });
 *   order.exec('Order 42')?.groups?.id; // '42'
 */
export class LinearRegex {
  readonly source: string;
  readonly #re2: RE2JS;
  readonly #anchored: boolean;
  /** Where the text every match begins with first occurs: no match starts before it. */
  readonly #firstPossibleStart: ((text: string) => number) | undefined;

  constructor(source: string, re2: RE2JS, ignoreCase: boolean) {
    this.source = source;
    this.#re2 = re2;
    this.#anchored = anchoredAtStart(source);
    this.#firstPossibleStart = this.#anchored ? undefined : prefixFinder(literalPrefix(source), ignoreCase);
  }

  /** The size of RE2's program for the pattern, in instructions: matching costs up to this much per character. */
  get programSize(): number {
    return this.#re2.programSize();
  }

  /** Whether the pattern matches anywhere in `text`; cheaper than exec, as no groups are tracked. */
  test(text: string): boolean {
    if (this.#anchored) return this.#re2.matcher(text).lookingAt();
    const start = this.#firstPossibleStart?.(text) ?? 0;
    return start >= 0 && this.#re2.test(start === 0 ? text : text.slice(start));
  }

  /**
   * The first match and its groups, or null. RE2's port finds groups by stepping through the text, slower than
   * test's automaton: when a miss is likely, test first.
   */
  exec(text: string): RegexMatch | null {
    const start = this.#firstPossibleStart?.(text) ?? 0;
    if (start < 0) return null;
    // no match starts before `start`, and none of its assertions looks back past it: the literal comes first
    const found = this.#re2.exec(start === 0 ? text : text.slice(start)) as (RegexMatch & { input: string }) | null;
    if (found && start > 0) {
      found.index += start;
      found.input = text;
    }
    return found;
  }

  /** Every match replaced, with `$1`, `$<name>` and `$&` in `replacement` as String.prototype.replace reads them. */
  replaceAll(text: string, replacement: string): string {
    return this.test(text) ? this.#re2.matcher(text).replaceAll(replacement) : text;
  }

  /** `/source/`, as RegExp writes itself: ajv keys the patterns it compiled by it. */
  toString(): string {
    return `/${this.source}/`;
  }
}

/**
 * A search for `prefix`, or undefined when there is none: indexOf, or a literal case-insensitive RegExp (a
 * literal cannot backtrack; the u flag folds case as RE2 does, so that "ſ" still finds "s").
 */
function prefixFinder(prefix: string, ignoreCase: boolean): ((text: string) => number) | undefined {
  if (prefix === '') return undefined;
  if (!ignoreCase) return (text) => text.indexOf(prefix);
  const literal = new RegExp(prefix.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'iu');
  return (text) => text.search(literal);
}

/**
 * `source`, in JavaScript's syntax (`\u00e9`, `(?<name>…)`, `[^]` are translated to RE2's), compiled for RE2.
 * Throws RegexSyntaxError for what RE2 lacks (lookaround, backreferences) and for what it cannot parse.
 */
export function compileLinearRegex(source: string, options: { ignoreCase?: boolean } = {}): LinearRegex {
  const feature = unsupportedFeature(source);
  if (feature === 'lookaround')
    throw new RegexSyntaxError('it uses lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which RE2 does not support', feature);
  if (feature === 'backreference')
    throw new RegexSyntaxError('it uses a backreference (\\1, \\k<name>), which RE2 does not support', feature);
  try {
    const ignoreCase = options.ignoreCase === true;
    return new LinearRegex(source, RE2JS.compile(RE2JS.translateRegExp(source), ignoreCase ? RE2JS.CASE_INSENSITIVE : 0), ignoreCase);
  } catch (error) {
    throw new RegexSyntaxError(`RE2 cannot parse it: ${reason(error)}`);
  }
}

/** RE2's reason, without its "error parsing regexp: " preamble. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^error parsing regexp: /, '');
}
