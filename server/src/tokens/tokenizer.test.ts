import test from 'ava';
import { createHash } from 'node:crypto';
import { get_encoding } from 'tiktoken';
import { LONG_RUN_BYTES, longRunCuts, SLICE_BYTES } from './long-runs.ts';
import { splitByTokens } from './split-by-tokens.ts';
import { tokenizerFor } from './tokenizer.ts';

const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
const exactly = Object.fromEntries(ENCODINGS.map((name) => [name, get_encoding(name)]));

/** Deterministic bytes: a SHA-256 chain. */
function bytes(count: number): Buffer {
  const chunks: Buffer[] = [];
  let block = Buffer.from('seed');
  for (let size = 0; size < count; size += 32) chunks.push((block = createHash('sha256').update(block).digest()));
  return Buffer.concat(chunks).subarray(0, count);
}

const json = JSON.stringify(
  {
    a: { b: { c: { d: { e: { f: { g: { h: { i: { j: [1, 2, { k: 'deep' }] } } } } } } } } },
    list: Array.from({ length: 50 }, (_, i) => ({ i })),
  },
  null,
  2,
);

/** Normal text of every sort: counted whole, as tiktoken counts it. */
const NORMAL: Record<string, string> = {
  'English prose': "The quick brown fox jumps over the lazy dog. It wasn't the dog's fault; he'd been asleep. ".repeat(300),
  code: 'export function add(a: number, b: number): number {\n    if (a > b) {\n        return a + b; // sum\n    }\n    return b;\n}\n'.repeat(
    100,
  ),
  'pretty JSON, deeply nested': json.repeat(5),
  CJK: '机器学习是人工智能的一个分支，它使计算机能够从数据中学习。日本語の文章も含まれています、句読点付きで。한국어 문장도 있습니다. '.repeat(
    80,
  ),
  emoji: 'Family 👨‍👩‍👧‍👦, flags 🇫🇷🇯🇵, skin tones 👍🏽 and hearts ❤️‍🔥. '.repeat(100),
  'a long base64 string': bytes(48_000).toString('base64'),
  'a long URL': `https://example.com/api/v1/search?${Array.from({ length: 200 }, (_, i) => `key${i}=value-${i}_x%20y`).join('&')}`,
  'indented YAML': Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i % 12)}- item-${i}: value ${i}`).join('\n'),
};

test('normal text has no long run and is counted and encoded exactly as tiktoken does', (t) => {
  for (const [label, text] of Object.entries(NORMAL)) {
    t.is(longRunCuts(text), undefined, label);
    for (const name of ENCODINGS) {
      const tokenizer = tokenizerFor(name);
      const exact = exactly[name]!.encode_ordinary(text);
      t.is(tokenizer.count(text), exact.length, `${label}, ${name}`);
      t.deepEqual(tokenizer.encode(text), Array.from(exact), `${label}, ${name}`);
    }
  }
});

function pseudoRandom(alphabet: string, count: number): string {
  let text = '';
  let state = 7;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    text += alphabet[state % alphabet.length];
  }
  return text;
}

const SIZE = 12 * 1024;

/** Long runs of each kind the pre-tokenizers join into one piece, 12 KiB each: tiktoken counts them whole in a fraction of a second. */
const RUNS: Record<string, string> = {
  'one letter': 'a'.repeat(SIZE),
  'one capital': 'A'.repeat(SIZE),
  spaces: ' '.repeat(SIZE),
  newlines: '\n'.repeat(SIZE),
  'tabs and spaces': ' \t'.repeat(SIZE / 2),
  'newlines and slashes': `!${'\n/'.repeat(SIZE / 2)}`,
  punctuation: '!'.repeat(SIZE),
  'random letters': pseudoRandom('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', SIZE),
  'random punctuation': pseudoRandom('!@#$%^&*()-_=+[]{};:,.<>?~', SIZE),
  'one CJK character': '中'.repeat(SIZE / 3),
  Thai: 'สวัสดีครับ'.repeat(SIZE / 30),
  'letters and combining marks': 'a\u0301\u0302'.repeat(SIZE / 5),
  emoji: '😀'.repeat(SIZE / 4),
  'a run inside prose': `Hello there, ${'x'.repeat(SIZE)} and goodbye.`,
};

test('a long run is counted within one token per cut of tiktoken, cuts at least SLICE_BYTES apart, and encodes back to itself', (t) => {
  for (const [label, text] of Object.entries(RUNS)) {
    const cuts = longRunCuts(text);
    t.truthy(cuts, label);
    t.true(cuts!.length <= Buffer.byteLength(text) / SLICE_BYTES, label);
    for (const name of ENCODINGS) {
      const tokenizer = tokenizerFor(name);
      const exact = exactly[name]!.encode_ordinary(text).length;
      const counted = tokenizer.count(text);
      t.true(Math.abs(counted - exact) <= cuts!.length, `${label}, ${name}: ${counted} for ${exact}, ${cuts!.length} cuts`);
      const tokens = tokenizer.encode(text);
      t.is(tokens.length, counted, `${label}, ${name}`);
      t.is(tokenizer.decode(tokens), text, `${label}, ${name}`);
    }
  }
});

test('a run just within LONG_RUN_BYTES is counted whole; one byte more is cut', (t) => {
  t.is(longRunCuts(`x ${'a'.repeat(LONG_RUN_BYTES)} x`), undefined);
  t.truthy(longRunCuts(`x ${'a'.repeat(LONG_RUN_BYTES + 1)} x`));
  // the byte length counts: 171 three-byte characters are 513 bytes
  t.truthy(longRunCuts('中'.repeat(171)));
  t.is(longRunCuts('中'.repeat(170)), undefined);
});

test('1 MiB of one character is counted, encoded and split into stream pieces: tiktoken alone trapped on it', (t) => {
  const text = 'a'.repeat(1024 * 1024);
  for (const name of ENCODINGS) {
    const tokenizer = tokenizerFor(name);
    const count = tokenizer.count(text);
    t.true(count > 100_000 && count < 200_000, `${name}: ${count}`);
    t.is(tokenizer.encode(text).length, count);
  }
  const pieces = splitByTokens(tokenizerFor('o200k_base'), text, 4);
  t.is(pieces.length, tokenizerFor('o200k_base').count(text) / 4);
  t.is(pieces.map((piece) => piece.text).join(''), text);
});

test('stream pieces join back to the text, and never end inside a character', (t) => {
  const tokenizer = tokenizerFor('o200k_base');
  for (const text of [
    ...Object.values(NORMAL).map((text) => text.slice(0, 3000)),
    '\uFFFD\uFFFD中\uFFFD',
    '🇫🇷'.repeat(40),
    'é😀'.repeat(50),
  ]) {
    for (const size of [1, 2, 5]) {
      const pieces = splitByTokens(tokenizer, text, size);
      t.is(pieces.map((piece) => piece.text).join(''), text);
      t.is(
        pieces.reduce((sum, piece) => sum + piece.tokens, 0),
        tokenizer.count(text),
      );
      for (const piece of pieces) t.is(tokenizer.decode(tokenizer.encode(piece.text)), piece.text);
    }
  }
});

test('the cases the pure-JS ports get wrong are counted and encoded exactly as get_encoding does', (t) => {
  // U+FEFF anywhere, special-token text as plain text, partial and whole emoji, CJK, digits, contractions
  const alphabet = ['a', 'B', ' ', '\n', '\t', '\uFEFF', '中', '🤖', '👍🏽', '1', '!', "'s", 'é', '<|endoftext|>', '<|endofprompt|>'];
  let state = 11;
  const texts = ['\uFEFF', '\uFEFFhello', 'a\uFEFF\uFEFFb', '<|endoftext|>', 'x <|endofprompt|> y'];
  for (let i = 0; i < 2000; i++) {
    let text = '';
    for (let j = 0; j < 12; j++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      text += alphabet[state % alphabet.length];
    }
    texts.push(text);
  }
  for (const name of ENCODINGS) {
    const tokenizer = tokenizerFor(name);
    for (const text of texts) {
      const exact = Array.from(exactly[name]!.encode_ordinary(text));
      t.is(tokenizer.count(text), exact.length, `${name}: ${JSON.stringify(text)}`);
      t.deepEqual(tokenizer.encode(text), exact, `${name}: ${JSON.stringify(text)}`);
      t.is(tokenizer.decode(exact), text, `${name}: ${JSON.stringify(text)}`);
    }
  }
});

test('a decode that ends inside a character gives U+FFFD and its bytes, and leaves the next decode alone', (t) => {
  for (const name of ENCODINGS) {
    const tokenizer = tokenizerFor(name);
    const cut = tokenizer.encode('Ok 🤖').slice(0, -1);
    t.is(tokenizer.decode(cut), 'Ok \uFFFD', name);
    t.deepEqual(tokenizer.decodeBytes(cut), exactly[name]!.decode(Uint32Array.from(cut)), name);
    // gpt-tokenizer's decode carried the cut bytes into the next call
    t.is(tokenizer.decode(tokenizer.encode('x 🤖')), 'x 🤖', name);
  }
});
