// Tests for ../random.ts, kept here because this module folder owns it.
import test from 'ava';
import { createRandom } from '../random.ts';

test('the same seed gives the same stream; numbers and their text are the same seed', (t) => {
  const draw = (seed: number | string): number[] => {
    const random = createRandom(seed);
    return Array.from({ length: 5 }, () => random.next());
  };
  t.deepEqual(draw('abc'), draw('abc'));
  t.deepEqual(draw(42), draw('42'));
  t.notDeepEqual(draw(1), draw(2));
});

test('a known seed gives known values, so streams are stable across versions and platforms', (t) => {
  const random = createRandom('aoai-sim');
  t.deepEqual([random.next(), random.int(1, 6), random.pick(['a', 'b', 'c'])], [0.3775923950597644, 6, 'c']);
});

test('int is inclusive and uniform enough; pick, chance and shuffle behave', (t) => {
  const random = createRandom(7);
  const counts = new Map<number, number>();
  for (let i = 0; i < 6000; i++) {
    const value = random.int(1, 6);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  t.deepEqual([...counts.keys()].sort(), [1, 2, 3, 4, 5, 6]);
  for (const count of counts.values()) t.true(count > 850 && count < 1150);
  t.is(random.int(5, 5), 5);
  t.throws(() => random.pick([]), { instanceOf: RangeError });
  t.false(random.chance(0));
  t.true(random.chance(1));
  const shuffled = random.shuffle([1, 2, 3, 4, 5]);
  t.deepEqual([...shuffled].sort(), [1, 2, 3, 4, 5]);
  const float = random.float(2, 3);
  t.true(float >= 2 && float < 3);
});
