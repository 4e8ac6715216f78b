import test from 'ava';
import { BoundedSeries } from './bounded-series.ts';

test('each key gets its entry, made once, until the limit; later keys share the overflow entry', (t) => {
  const made: string[] = [];
  const series = new BoundedSeries(2, (key: string) => (made.push(key), { key }), '(other)');
  const a = series.get('a');
  t.is(series.get('a'), a);
  t.deepEqual(series.get('b'), { key: 'b' });
  const c = series.get('c');
  t.deepEqual(c, { key: '(other)' });
  t.is(series.get('d'), c);
  t.is(series.get('a'), a, 'a key with an entry keeps it after the limit is reached');
  t.deepEqual(made, ['a', 'b', '(other)']);
  t.is(series.size, 2);
});

test('a limit of 0 sends everything to the overflow entry; a limit that is no whole number is refused', (t) => {
  const series = new BoundedSeries(0, (key: number) => [key], -1);
  t.deepEqual(series.get(7), [-1]);
  t.is(series.size, 0);
  for (const limit of [-1, 1.5, Number.NaN]) t.throws(() => new BoundedSeries(limit, (key: string) => key, ''), { instanceOf: RangeError });
});

test('a new key’s entry is made from the source given with it, once; the overflow entry from none', (t) => {
  const made: Array<[string, string | undefined]> = [];
  const series = new BoundedSeries(
    1,
    (key: string, source: string | undefined) => (made.push([key, source]), `${key}:${source}`),
    '(other)',
  );
  t.is(series.get('east/gpt-4o', 'East US'), 'east/gpt-4o:East US');
  t.is(series.get('east/gpt-4o', 'ignored once made'), 'east/gpt-4o:East US');
  t.is(series.get('west/gpt-4o', 'West US'), '(other):undefined');
  t.deepEqual(made, [
    ['east/gpt-4o', 'East US'],
    ['(other)', undefined],
  ]);
});
