import test from 'ava';
import type { Distribution } from '../generated/scenarios.ts';
import { fixedValue, sampler } from './distributions.ts';

const SAMPLES = 20_000;

function draw(distribution: Distribution, seed: string | number = 'test', count = SAMPLES): number[] {
  const next = sampler(distribution, seed);
  return Array.from({ length: count }, () => next());
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function stdDev(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - m) ** 2, 0) / (values.length - 1));
}

const within = (actual: number, expected: number, tolerance: number) => Math.abs(actual - expected) <= tolerance * expected;

test('a plain number and a fixed distribution always give their value', (t) => {
  t.deepEqual(new Set(draw(40, 1, 100)), new Set([40]));
  t.deepEqual(new Set(draw({ distribution: 'fixed', value: 12.5 }, 1, 100)), new Set([12.5]));
  t.deepEqual(new Set(draw(0, 1, 10)), new Set([0]));
});

test('uniform stays within its bounds and fills them evenly', (t) => {
  const values = draw({ distribution: 'uniform', min: 100, max: 300 });
  t.true(values.every((value) => value >= 100 && value <= 300));
  t.true(within(quantile(values, 0.5), 200, 0.03));
  t.true(quantile(values, 0.01) < 105);
  t.true(quantile(values, 0.99) > 295);
});

test('normal has its mean and standard deviation and never goes below 0', (t) => {
  const values = draw({ distribution: 'normal', mean: 500, stdDev: 100 });
  t.true(within(mean(values), 500, 0.03), `mean ${mean(values)}`);
  t.true(within(stdDev(values), 100, 0.03), `stdDev ${stdDev(values)}`);

  const wide = draw({ distribution: 'normal', mean: 10, stdDev: 50 });
  t.true(wide.every((value) => value >= 0));
  t.true(wide.filter((value) => value === 0).length > SAMPLES / 4, 'the mass below 0 lands on 0');
});

test('lognormal has the median and p99 it was given', (t) => {
  for (const [median, p99] of [
    [600, 2500],
    [20, 60],
  ] as const) {
    const values = draw({ distribution: 'lognormal', median, p99 });
    t.true(within(quantile(values, 0.5), median, 0.03), `median ${quantile(values, 0.5)} for ${median}`);
    t.true(within(quantile(values, 0.99), p99, 0.03), `p99 ${quantile(values, 0.99)} for ${p99}`);
    t.true(values.every((value) => value > 0));
  }
});

test('the same seed gives the same sequence; different seeds differ', (t) => {
  const lognormal: Distribution = { distribution: 'lognormal', median: 200, p99: 800 };
  t.deepEqual(draw(lognormal, 'a', 50), draw(lognormal, 'a', 50));
  t.notDeepEqual(draw(lognormal, 'a', 50), draw(lognormal, 'b', 50));
  t.deepEqual(
    draw({ distribution: 'uniform', min: 0, max: 1, seed: 7 }, 'x', 20),
    draw({ distribution: 'uniform', min: 0, max: 1 }, 7, 20),
  );
});

test("the distribution's own seed wins over the one passed", (t) => {
  const seeded: Distribution = { distribution: 'normal', mean: 100, stdDev: 10, seed: 42 };
  t.deepEqual(draw(seeded, 'one', 20), draw(seeded, 'two', 20));
});

test('unseeded samplers differ from one another', (t) => {
  const uniform: Distribution = { distribution: 'uniform', min: 0, max: 1000 };
  const first = sampler(uniform);
  const second = sampler(uniform);
  const a = Array.from({ length: 10 }, () => first());
  const b = Array.from({ length: 10 }, () => second());
  t.notDeepEqual(a, b);
});

test('fixedValue tells constant distributions from varying ones', (t) => {
  t.is(fixedValue(undefined), 0);
  t.is(fixedValue(25), 25);
  t.is(fixedValue({ distribution: 'fixed', value: 3 }), 3);
  t.is(fixedValue({ distribution: 'uniform', min: 4, max: 4 }), 4);
  t.is(fixedValue({ distribution: 'normal', mean: 5, stdDev: 0 }), 5);
  t.is(fixedValue({ distribution: 'uniform', min: 4, max: 5 }), undefined);
  t.is(fixedValue({ distribution: 'lognormal', median: 5, p99: 9 }), undefined);
});
