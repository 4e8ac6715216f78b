/**
 * The regular expressions of a request's schema (`pattern`, `patternProperties`), on RE2. They come from the
 * caller and are tried against strings built from them, so JavaScript's backtracking engine could be made to run
 * for minutes: `^(a+)+$` as a patternProperties key, with a required property named by forty a's and a `!`.
 */
import type { CodeOptions } from 'ajv';
import { compileLinearRegex, RegexSyntaxError, type LinearRegex } from '../../regex/index.ts';
import { forEachSubschema, isSchemaObject } from './schema-walk.ts';
import { StructuredOutputError } from './structured-output-error.ts';

const PATTERN_CACHE_LIMIT = 256;
const patterns = new Map<string, LinearRegex | RegexSyntaxError>();

/**
 * The largest RE2 program a schema pattern may compile to. RE2's time is linear in the text but also grows with
 * the program: `(a+){500}$` (2,000 instructions) takes 0.6 s on 10,000 characters. The largest pattern zod writes
 * (an IPv6 address) is 697 instructions.
 */
export const MAX_PATTERN_PROGRAM = 2000;

/** The pattern compiled for RE2, once per source; the reason when RE2 cannot run it. */
function compiled(pattern: string): LinearRegex | RegexSyntaxError {
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    try {
      regex = compileLinearRegex(pattern);
      if (regex.programSize > MAX_PATTERN_PROGRAM)
        regex = new RegexSyntaxError(`it compiles to ${regex.programSize} RE2 instructions, more than the ${MAX_PATTERN_PROGRAM} allowed`);
    } catch (error) {
      if (!(error instanceof RegexSyntaxError)) throw error;
      regex = error;
    }
    if (patterns.size >= PATTERN_CACHE_LIMIT) patterns.delete(patterns.keys().next().value as string);
    patterns.set(pattern, regex);
  }
  return regex;
}

/** The schema pattern on RE2, or undefined when RE2 cannot run it (the schema was refused already). */
export function schemaPattern(pattern: string): LinearRegex | undefined {
  const regex = compiled(pattern);
  return regex instanceof RegexSyntaxError ? undefined : regex;
}

/** ajv's engine for `pattern` and `patternProperties`: RE2 instead of `new RegExp(pattern, 'u')`. */
export const linearRegExp: NonNullable<CodeOptions['regExp']> = Object.assign(
  (pattern: string) => {
    const regex = compiled(pattern);
    if (regex instanceof RegexSyntaxError) throw regex;
    return regex;
  },
  { code: 'linearRegExp' },
);

/**
 * The first pattern of `schema` that cannot run on RE2, as the service's refusal: lookaround and backreferences
 * are not supported by the service's structured outputs either ("regex lookaround is not supported").
 */
export function unrunnablePattern(schema: object): StructuredOutputError | undefined {
  let problem: StructuredOutputError | undefined;
  forEachSubschema(schema, (node, pointer) => {
    if (problem !== undefined) return;
    const found: Array<[string, string]> = [];
    if (typeof node.pattern === 'string') found.push([node.pattern, `${pointer}/pattern`]);
    if (isSchemaObject(node.patternProperties))
      for (const key of Object.keys(node.patternProperties)) found.push([key, `${pointer}/patternProperties`]);
    for (const [pattern, at] of found) {
      const regex = compiled(pattern);
      if (!(regex instanceof RegexSyntaxError)) continue;
      const what =
        regex.feature === 'lookaround'
          ? 'regex lookaround is not supported'
          : regex.feature === 'backreference'
            ? 'regex backreferences are not supported'
            : `the regex ${JSON.stringify(pattern)} is not supported (${regex.message})`;
      problem = new StructuredOutputError(`${what}, found at ${at || '/'}`, { schemaPath: at });
      return;
    }
  });
  return problem;
}
