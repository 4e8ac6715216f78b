import test from 'ava';
import { splitByTokens } from './split-by-tokens.ts';
import type { Tokenizer } from './tokenizer.ts';

/** A tokenizer of one token per character, which counts how often it is asked to encode. */
function characterTokenizer(): Tokenizer & { encoded: number } {
  const tokenizer = {
    name: 'o200k_base' as const,
    encoded: 0,
    encode: (text: string) => (tokenizer.encoded++, Array.from(text, (character) => character.charCodeAt(0))),
    decode: (tokens: readonly number[]) => String.fromCharCode(...tokens),
    decodeBytes: (tokens: readonly number[]) => new TextEncoder().encode(String.fromCharCode(...tokens)),
    count: (text: string) => text.length,
    countYielding: async (text: string) => text.length,
  };
  return tokenizer;
}

test('pieces join back to the text and a split is remembered', (t) => {
  const tokenizer = characterTokenizer();
  const pieces = splitByTokens(tokenizer, 'abcdefg', 3);
  t.deepEqual(
    pieces.map((piece) => piece.text),
    ['abc', 'def', 'g'],
  );
  splitByTokens(tokenizer, 'abcdefg', 3);
  t.is(tokenizer.encoded, 1);
});

test('the splits remembered stay within a byte bound: long answers push out the least recently used', (t) => {
  const tokenizer = characterTokenizer();
  // 1,500 answers of 8,000 characters: 12 MB of text if all were kept
  const answer = (i: number) => `${i}`.padEnd(8000, '.');
  for (let i = 0; i < 1500; i++) splitByTokens(tokenizer, answer(i), 4000);
  const before = tokenizer.encoded;
  splitByTokens(tokenizer, answer(1499), 4000);
  t.is(tokenizer.encoded, before, 'the most recent is remembered');
  splitByTokens(tokenizer, answer(0), 4000);
  t.is(tokenizer.encoded, before + 1, 'the first was forgotten');
});
