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
