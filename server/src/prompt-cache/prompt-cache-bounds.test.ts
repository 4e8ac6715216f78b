import test from 'ava';
import { prefixDigests } from './prefix-digests.ts';
import { PromptCache } from './prompt-cache.ts';

const prompt = (length: number, seed: number) => Array.from({ length }, (_, i) => (i * 31 + seed) % 100000);

test('prefix digests: none under 1,024 tokens, then one per 128-token step, each covering its whole prefix', (t) => {
  t.is(prefixDigests(prompt(1023, 1)), undefined);
  t.is(prefixDigests(prompt(1024, 1))?.length, 1);
  t.is(prefixDigests(prompt(1024 + 127, 1))?.length, 1);
  t.is(prefixDigests(prompt(1024 + 128 * 3, 1))?.length, 4);
  const changedEarly = prompt(1152, 1);
  changedEarly[5] = 7;
  t.notDeepEqual(prefixDigests(changedEarly), prefixDigests(prompt(1152, 1)));
});

test('the prompt cache keeps no more prefixes than its bound: the least recently used is forgotten', (t) => {
  const cache = new PromptCache({ maxEntries: 8, maxBytes: 1 << 20 });
  const a = prefixDigests(prompt(1024 + 128 * 7, 1))!;
  const b = prefixDigests(prompt(1024 + 128 * 7, 2))!;
  t.is(a.length, 8);
  t.is(cache.cachedTokens('r/d', undefined, a), 0);
  t.is(cache.cachedTokens('r/d', undefined, a), 1024 + 128 * 7);
  t.is(cache.cachedTokens('r/d', undefined, b), 0);
  t.is(cache.cachedTokens('r/d', undefined, a), 0, 'b took every place');
});
