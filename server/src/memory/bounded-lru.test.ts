import test from 'ava';
import { BoundedLru, ENTRY_OVERHEAD_BYTES } from './bounded-lru.ts';
import { approximateBytes } from './estimate-bytes.ts';

const text = (value: string) => value.length;

test('forgets the least recently used entry once the entry bound is reached', (t) => {
  const cache = new BoundedLru<string, string>({ maxEntries: 2, maxBytes: 1 << 20 }, text);
  cache.set('a', 'A');
  cache.set('b', 'B');
  t.is(cache.get('a'), 'A'); // a is now the most recently used
  cache.set('c', 'C');
  t.deepEqual([cache.peek('a'), cache.peek('b'), cache.peek('c')], ['A', undefined, 'C']);
});

test('counts the key as well as the value against the byte bound, and keeps nothing larger than the bound', (t) => {
  const cache = new BoundedLru<string, string>({ maxEntries: 100, maxBytes: 3 * (1000 + ENTRY_OVERHEAD_BYTES) }, text);
  for (let i = 0; i < 10; i++) cache.set(`${i}`.padEnd(1000, '.'), '');
  t.is(cache.size, 3, 'three keys of 1,000 bytes fill it');
  t.true(cache.bytes <= 3 * (1000 + ENTRY_OVERHEAD_BYTES));
  cache.set('huge', 'x'.repeat(10_000));
  t.is(cache.peek('huge'), undefined);
  t.is(cache.size, 3);
});

test('a value changed in place and set again is counted afresh', (t) => {
  const cache = new BoundedLru<string, string[]>({ maxEntries: 10, maxBytes: 10_000 }, (list) => list.length * 100);
  const list = ['x'];
  cache.set('k', list);
  const before = cache.bytes;
  list.push('y', 'z');
  cache.set('k', list);
  t.is(cache.bytes, before + 200);
});

test('tells its owner of every entry that leaves', (t) => {
  const removed: string[] = [];
  const cache = new BoundedLru<string, string>({ maxEntries: 1, maxBytes: 1 << 20 }, text, (_, key) => removed.push(key));
  cache.set('a', 'A');
  cache.set('b', 'B');
  cache.delete('b');
  t.deepEqual(removed, ['a', 'b']);
});

test('refuses bounds that would keep nothing', (t) => {
  t.throws(() => new BoundedLru({ maxEntries: 0, maxBytes: 10 }, text), { instanceOf: RangeError });
});

test('approximateBytes counts strings, keys and structure, and survives deep nesting', (t) => {
  t.is(approximateBytes('abc'), 3);
  t.true(approximateBytes({ user: 'x'.repeat(10_000) }) > 10_000);
  let deep: unknown = 'leaf';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  t.true(approximateBytes(deep) > 100_000);
});

test('a cache never set holds nothing and answers every read, before and after a clear', (t) => {
  const removed: string[] = [];
  const cache = new BoundedLru<string, string>({ maxEntries: 100_000, maxBytes: 1 << 24 }, text, (_value, key) => removed.push(key));
  t.is(cache.get('a'), undefined);
  t.is(cache.peek('a'), undefined);
  t.false(cache.delete('a'));
  cache.clear();
  t.deepEqual([...cache.values()], []);
  t.deepEqual(cache.usage, { entries: 0, bytes: 0 });
  cache.set('a', 'A');
  t.deepEqual([...cache.values()], ['A']);
  t.deepEqual(cache.usage, { entries: 1, bytes: 2 + ENTRY_OVERHEAD_BYTES });
  t.true(cache.delete('a'));
  t.deepEqual(removed, ['a']);
});
