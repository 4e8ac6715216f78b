import test from 'ava';
import { CountCache } from './count-cache.ts';

test('remembers counts, but no more text than its byte bound', (t) => {
  const cache = new CountCache(20_000, 4096, 1024 * 1024);
  let computed = 0;
  const count = (text: string) => (computed++, text.length);
  t.is(cache.count('hello', count), 5);
  t.is(cache.count('hello', count), 5);
  t.is(computed, 1, 'the second count is remembered');
  // 10,000 distinct texts of 4,000 characters: 40 MB if all were kept
  const long = (i: number) => `${i}`.padEnd(4000, '.');
  for (let i = 0; i < 10_000; i++) cache.count(long(i), count);
  t.true(cache.bytes <= 1024 * 1024, `${cache.bytes} bytes kept`);
  const before = computed;
  cache.count(long(0), count);
  t.is(computed, before + 1, 'the first long text was forgotten to stay within the bound');
  cache.count(long(9_999), count);
  t.is(computed, before + 1, 'the last is still remembered');
});
