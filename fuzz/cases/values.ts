// The values a mutation puts where a request field was: edge numbers, odd text, deep nesting.
import fc from 'fast-check';
import type { Draw } from './draw.ts';
import { RawJson } from './raw-json.ts';

/**
 * The largest text a mutation puts where the simulator counts tokens. A real tokenizer takes about 30 ms for 64
 * KiB of ordinary text on the reference machine (2 MB/s): past that, a linear count alone blocks the event loop
 * beyond the 100 ms the fuzzer allows. Larger strings go where nothing is counted (`user`, unknown fields).
 */
export const COUNTED_TEXT_MAX = 32 * 1024;
/**
 * The largest string put anywhere. A valid 4 MiB chat request holds today's simulator 110-220 ms (parsing and
 * copying it), 1 MiB about 25 ms: bodies stay at 1 MiB so that the stall check judges what issue 15 asks about.
 */
export const FREE_TEXT_MAX = 1024 * 1024;

/** Numbers at the edges: JSON's, JavaScript's, and the simulator's arithmetic's. */
const EDGE_NUMBERS: readonly number[] = [
  0,
  -1,
  1,
  2,
  3,
  -0.5,
  0.5,
  1e-308,
  5e-324,
  255,
  256,
  65535,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  -(2 ** 53),
  1e21,
  1e308,
  -1e308,
  Number.MAX_VALUE,
];

/** Number spellings that JSON.stringify never writes: out of range, too precise, or not JSON at all. */
const NUMBER_TEXTS: readonly string[] = [
  '1e309',
  '-1e309',
  '9007199254740993',
  '1e-400',
  '-0',
  '1E+308',
  '0.1e1',
  '100000000000000000000000000000',
];
const INVALID_NUMBER_TEXTS: readonly string[] = ['NaN', 'Infinity', '-Infinity', '01', '+1', '.5', '1.', '0x10'];

/** Text that trips up parsers, tokenizers, templates and logs. */
const EDGE_TEXTS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  '\ufeff',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\ud83d\ude00',
  '👩‍👩‍👧‍👦',
  'e\u0301\u0301\u0301',
  '\u202eabc',
  '\u2028\u2029',
  'ﷺ',
  '\\',
  '"',
  '{{ 7 | times: 7 }}',
  "{% assign x = 'y' %}",
  '${AZURE_OPENAI_KEY}',
  '${HOME}',
  '%s%n%x',
  '../../../../etc/passwd',
  '<|endoftext|>',
  '<|im_start|>system',
  'null',
  '__proto__',
  'constructor',
  '\r\n\r\nHTTP/1.1 200 OK',
];

/** A number for a numeric field: an edge value, or one JSON.stringify never writes. */
export function edgeNumber(draw: Draw): unknown {
  if (draw.chance(0.3)) return new RawJson(draw.pick(NUMBER_TEXTS));
  if (draw.chance(0.05)) return new RawJson(draw.pick(INVALID_NUMBER_TEXTS));
  return draw.pick(EDGE_NUMBERS);
}

/** A string: edge text, random unicode (lone surrogates included), or a long run of one character. */
export function edgeText(draw: Draw, maxLength = COUNTED_TEXT_MAX): string {
  return draw.weighted<() => string>([
    [4, () => draw.pick(EDGE_TEXTS)],
    [3, () => draw.from(fc.string({ unit: 'binary', maxLength: 64 }))],
    [
      2,
      () => draw.from(fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), maxLength: 8 })),
    ],
    [2, () => longRun(draw, maxLength)],
    [
      1,
      () =>
        draw
          .from(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }))
          .repeat(draw.int(1, 50))
          .slice(0, maxLength),
    ],
  ])();
}

/** One character repeated: the input that made token counting quadratic. */
export function longRun(draw: Draw, maxLength = COUNTED_TEXT_MAX): string {
  const unit = draw.pick(['a', ' ', '0', '.', '\n', 'é', '字', '🙂', 'ab', '!?']);
  return unit.repeat(Math.ceil(draw.int(1, maxLength) / unit.length));
}

/** A large string for a field nothing counts, up to FREE_TEXT_MAX, distinct per case (no cache can fold them). */
export function hugeText(draw: Draw, bytes = draw.pick([128 * 1024, 512 * 1024, FREE_TEXT_MAX])): string {
  const stamp = `${draw.word(8, 8)}-`;
  return stamp + 'lorem ipsum dolor sit amet '.repeat(Math.ceil(bytes / 27)).slice(0, bytes - stamp.length);
}

/** JSON nested `depth` levels deep, written as text: building it as objects would test this process's stack. */
export function deepJson(draw: Draw, depth = draw.pick([64, 1_000, 3_000, 10_000, 100_000])): RawJson {
  return draw.weighted<() => RawJson>([
    [2, () => new RawJson('['.repeat(depth) + '0' + ']'.repeat(depth))],
    [2, () => new RawJson('{"a":'.repeat(depth) + '0' + '}'.repeat(depth))],
    // 36 bytes a level: capped so that the body stays near 1 MiB, like every other (see FREE_TEXT_MAX)
    [1, () => deepSchema(Math.min(depth, 20_000))],
  ])();
}

/** A JSON schema nested `depth` levels: what tools' parameters and json_schema response formats carry. */
export function deepSchema(depth: number): RawJson {
  const open = '{"type":"object","properties":{"a":';
  return new RawJson(open.repeat(depth) + '{"type":"string"}' + '}}'.repeat(depth));
}

/** Any value at all, of any type: what a field that should be something else gets. */
export function wrongValue(draw: Draw): unknown {
  return draw.weighted<() => unknown>([
    [3, () => edgeNumber(draw)],
    [3, () => edgeText(draw)],
    [1, () => null],
    [1, () => draw.chance(0.5)],
    [1, () => []],
    [1, () => ({})],
    [1, () => draw.from(fc.jsonValue({ maxDepth: 3 }))],
    [1, () => deepJson(draw)],
    [1, () => Array.from({ length: draw.pick([100, 10_000]) }, () => 1)],
  ])();
}
