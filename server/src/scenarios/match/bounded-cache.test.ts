import test from 'ava';
import { BoundedCache } from './bounded-cache.ts';

test('a full cache forgets its oldest entry', (t) => {
  const cache = new BoundedCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('c', 3);
  t.is(cache.size, 2);
  t.is(cache.get('a'), undefined);
  t.is(cache.get('b'), 2);
  t.is(cache.get('c'), 3);
});

test('setting a key already held does not evict another', (t) => {
  const cache = new BoundedCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('a', 10);
  t.is(cache.get('a'), 10);
  t.is(cache.get('b'), 2);
});

test('long sources count against the byte bound', (t) => {
  const cache = new BoundedCache<string, number>(1000, 100_000);
  for (let i = 0; i < 10; i++) cache.set(`${i}`.padEnd(5000, 'a'), i);
  t.true(cache.size < 10, `${cache.size} sources of 5,000 characters kept in 100,000 bytes`);
  t.is(cache.get('9'.padEnd(5000, 'a')), 9, 'the most recent is kept');
});
