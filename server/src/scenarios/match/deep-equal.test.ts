import test from 'ava';
import { deepEqual } from './deep-equal.ts';

test('primitives compare strictly', (t) => {
  t.true(deepEqual(1, 1.0));
  t.true(deepEqual('a', 'a'));
  t.true(deepEqual(null, null));
  t.false(deepEqual(1, '1'));
  t.false(deepEqual(null, undefined));
  t.false(deepEqual(0, false));
});

test('arrays compare element by element', (t) => {
  t.true(deepEqual([1, [2, { a: 3 }]], [1, [2, { a: 3 }]]));
  t.false(deepEqual([1, 2], [2, 1]));
  t.false(deepEqual([1], [1, 1]));
  t.false(deepEqual([], {}));
  t.false(deepEqual({}, []));
});

test('objects compare by their keys in any order', (t) => {
  t.true(deepEqual({ a: 1, b: { c: [true] } }, { b: { c: [true] }, a: 1 }));
  t.false(deepEqual({ a: 1 }, { a: 1, b: 2 }));
  t.false(deepEqual({ a: 1, b: 2 }, { a: 1, c: 2 }));
  t.false(deepEqual({ a: null }, {}));
});

test('a value that contains itself does not recurse forever', (t) => {
  const a: Record<string, unknown> = {};
  a.self = a;
  const b: Record<string, unknown> = {};
  b.self = b;
  t.false(deepEqual(a, b));
  t.true(deepEqual(a, a));
});
