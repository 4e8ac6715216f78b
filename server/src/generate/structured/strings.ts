/** Strings that respect `format`, `pattern`, `minLength` and `maxLength`. */
import randexpModule from 'randexp';
import { BoundedLru } from '../../memory/index.ts';
import type { Random } from '../random.ts';
import type { LinearRegex } from '../../regex/index.ts';
import { formatValue } from './formats.ts';
import type { Hint } from './hints.ts';
import { schemaPattern } from './schema-patterns.ts';
import { boundedRepeats } from './pattern-output-length.ts';
import { fillerWords, plausibleString } from './plausible-strings.ts';
import { FIRST_NAMES, NOUNS } from './vocabulary.ts';

// randexp is CommonJS with `module.exports = RandExp`, but its types declare an ES default export: Node hands
// us the class itself, TypeScript expects it under `.default`. Accept both so neither is wrong.
const RandExp = ((randexpModule as unknown as { default?: unknown }).default ?? randexpModule) as typeof randexpModule.default;
type RandExpInstance = InstanceType<typeof RandExp>;

export interface CompiledPattern {
  regexp: LinearRegex;
  generator: RandExpInstance | undefined;
  /** randexp's own range for `.` and negated classes: all printable ASCII, punctuation included. */
  fullRange: RandExpInstance['defaultRange'] | undefined;
  /** Letters, digits and space: what `.` should mostly produce for the text to read as text. */
  readableRange: RandExpInstance['defaultRange'] | undefined;
  /** randexp's parse of the pattern, to bound what it generates. */
  tokens: object;
}

// Formats tried against a bare pattern first: schema generators (zod, pydantic) spell formats as patterns.
const PATTERN_PROBES = ['date-time', 'date', 'time', 'uuid', 'email', 'uri', 'ipv4', 'hostname'];

/** The longest string generated from a pattern; a request's pattern may ask for far more (`^((a+)+)+$`). */
const GENERATED_MAX = 10_000;
/**
 * Characters × RE2 instructions one check of a generated string may cost (about 40 ms at worst): a large pattern
 * gets shorter strings.
 */
const MATCH_BUDGET = 2_000_000;
// What a parsed pattern is taken to cost besides its source: the compiled RE2 program, and randexp's ranges and a
// token object or so per character of the source.
const COMPILED_PATTERN_BYTES = 2048;
const COMPILED_BYTES_PER_CHARACTER = 64;
// by count, and by bytes: a pattern comes from a caller's schema, as long as its body allows
const patternCache = new BoundedLru<string, { compiled: CompiledPattern | undefined }>(
  { maxEntries: 256, maxBytes: 4 * 1024 * 1024 },
  (_, pattern) => COMPILED_PATTERN_BYTES + pattern.length * COMPILED_BYTES_PER_CHARACTER,
);

/** Parsed once per pattern; undefined when RE2 cannot run it (the schema is refused before sampling then). */
export function compilePattern(pattern: string): CompiledPattern | undefined {
  const known = patternCache.get(pattern);
  if (known) return known.compiled;
  let compiled: CompiledPattern | undefined;
  try {
    const regexp = schemaPattern(pattern);
    if (!regexp) throw new Error('not a pattern RE2 can run');
    let generator: RandExpInstance | undefined;
    try {
      generator = new RandExp(pattern);
    } catch {
      // randexp cannot parse some syntax (e.g. \p{…}); plausible text may still match.
      generator = undefined;
    }
    const fullRange = generator?.defaultRange.clone();
    const readableRange = fullRange?.clone().subtract(33, 47).subtract(58, 64).subtract(91, 96).subtract(123, 126);
    // randexp keeps its parse private; it is plain data
    const tokens = (generator as unknown as { tokens?: object } | undefined)?.tokens ?? {};
    compiled = { regexp, generator, fullRange, readableRange, tokens };
  } catch {
    compiled = undefined;
  }
  patternCache.set(pattern, { compiled });
  return compiled;
}

/** Length as JSON Schema counts it: in code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** A string for a `type: string` schema, readable where the constraints leave room for it. */
export function sampleString(schema: Record<string, unknown>, hint: Hint, random: Random): string {
  const minLength = lengthLimit(schema.minLength) ?? 0;
  const maxLength = lengthLimit(schema.maxLength) ?? Infinity;
  const formatted = typeof schema.format === 'string' ? formatValue(schema.format, random) : undefined;
  const candidate = formatted ?? plausibleString(hint, random);
  if (typeof schema.pattern === 'string') {
    const pattern = compilePattern(schema.pattern);
    const fits = (text: string): boolean => {
      const length = codePointLength(text);
      return length >= minLength && length <= maxLength && (pattern?.regexp.test(text) ?? false);
    };
    if (fits(candidate)) return candidate;
    for (const format of PATTERN_PROBES) {
      const probe = formatValue(format, random);
      if (probe !== undefined && fits(probe)) return probe;
    }
    // Plain words and numbers: they rescue patterns randexp cannot parse, such as `^\p{Lu}\p{Ll}+$`.
    for (const probe of wordProbes(random)) if (fits(probe)) return probe;
    return fromPattern(pattern, random, minLength, fits) ?? candidate;
  }
  // A formatted value cut or padded would break its format; better to fail validation clearly.
  if (formatted !== undefined) return formatted;
  return fitLength(candidate, minLength, maxLength, random);
}

function fromPattern(
  pattern: CompiledPattern | undefined,
  random: Random,
  minLength: number,
  fits: (text: string) => boolean,
): string | undefined {
  const generator = pattern?.generator;
  if (!pattern || !generator) return undefined;
  // randexp draws from Math.random unless told otherwise; routing it through `random` makes it reproducible.
  generator.randInt = (low: number, high: number) => random.int(low, high);
  let last: string | undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    // `max` caps unbounded repeats (`+`, `*`): short first, then long enough for a large minLength, and never so
    // long that nested repeats multiply into more than GENERATED_MAX characters.
    const longest = Math.min(GENERATED_MAX, Math.floor(MATCH_BUDGET / pattern.regexp.programSize));
    const repeats = boundedRepeats(pattern.tokens, attempt < 3 ? 8 : Math.min(Math.max(minLength, 8) * attempt, 2000), longest);
    if (repeats === undefined) return last;
    generator.max = repeats;
    // Readable characters first; the full range when the pattern insists on punctuation (`[^a-z0-9 ]`).
    const range = attempt % 2 === 0 ? pattern.readableRange : pattern.fullRange;
    if (range) generator.defaultRange = range;
    try {
      last = generator.gen();
    } catch {
      // randexp throws on a class that is empty within its range; the other range may have members.
      continue;
    }
    if (fits(last)) return last;
  }
  return last;
}

function wordProbes(random: Random): string[] {
  const name = random.pick(FIRST_NAMES);
  const noun = random.pick(NOUNS);
  return [name, noun, name.toLowerCase(), noun.toUpperCase(), String(random.int(1, 9999))];
}

function fitLength(text: string, minLength: number, maxLength: number, random: Random): string {
  let result = text;
  if (codePointLength(result) < minLength) {
    result = `${result} ${fillerWords(random)}`;
    if (codePointLength(result) < minLength)
      result = result.padEnd(minLength + (result.length - codePointLength(result)), ` ${fillerWords(random)}`);
  }
  if (codePointLength(result) > maxLength) {
    const cut = [...result].slice(0, maxLength).join('');
    const trimmed = cut.trimEnd();
    result = codePointLength(trimmed) >= minLength ? trimmed : cut;
  }
  return result;
}

function lengthLimit(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}
