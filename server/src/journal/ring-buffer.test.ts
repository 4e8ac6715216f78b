import test from 'ava';
import { RingBuffer } from './ring-buffer.ts';

function contents<T>(ring: RingBuffer<T>): (T | undefined)[] {
  return Array.from({ length: ring.size }, (_, i) => ring.at(i));
}

test('first in, first out, across many wraps of the circular array', (t) => {
  const ring = new RingBuffer<number>(5);
  for (let i = 0; i < 1000; i++) {
    if (ring.size === 5) t.is(ring.shift(), i - 5);
    ring.push(i);
  }
  t.deepEqual(contents(ring), [995, 996, 997, 998, 999]);
  t.is(ring.capacity, 5);
});

test('grows by doubling, never past its maximum, and only as far as it is filled', (t) => {
  const ring = new RingBuffer<number>(1000);
  t.is(ring.capacity, 64);
  for (let i = 0; i < 65; i++) ring.push(i);
  t.is(ring.capacity, 128);
  for (let i = 65; i < 1000; i++) ring.push(i);
  t.is(ring.capacity, 1000);
  t.throws(() => ring.push(1000), { instanceOf: RangeError });
  t.deepEqual(
    contents(ring),
    Array.from({ length: 1000 }, (_, i) => i),
  );
});

test('growth while wrapped keeps the order', (t) => {
  const ring = new RingBuffer<number>(200);
  for (let i = 0; i < 64; i++) ring.push(i);
  for (let i = 0; i < 30; i++) ring.shift();
  for (let i = 64; i < 150; i++) ring.push(i);
  t.deepEqual(
    contents(ring),
    Array.from({ length: 120 }, (_, i) => i + 30),
  );
});

test('removeWhere keeps the rest in order and returns what it removed; clear empties and shrinks', (t) => {
  const ring = new RingBuffer<number>(300);
  for (let i = 0; i < 300; i++) ring.push(i);
  ring.shift();
  ring.push(300);
  t.deepEqual(
    ring.removeWhere((n) => n % 3 !== 0),
    Array.from({ length: 300 }, (_, i) => i + 1).filter((n) => n % 3 !== 0),
  );
  t.deepEqual(
    contents(ring),
    Array.from({ length: 100 }, (_, i) => (i + 1) * 3),
  );
  t.is(ring.capacity, 100);
  ring.clear();
  t.is(ring.size, 0);
  t.is(ring.capacity, 64);
  t.is(ring.shift(), undefined);
  t.is(ring.at(0), undefined);
});

test('a ring of size 0 holds nothing', (t) => {
  const ring = new RingBuffer<number>(0);
  t.is(ring.capacity, 0);
  t.throws(() => ring.push(1), { instanceOf: RangeError });
  t.throws(() => new RingBuffer(-1), { instanceOf: RangeError });
});
