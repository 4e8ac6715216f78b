import test from 'ava';
import { InFlightCounter, loadFactor } from './load-factor.ts';

test('without a load setting latency does not grow', (t) => {
  t.is(loadFactor(undefined, 0), 1);
  t.is(loadFactor(undefined, 10_000), 1);
});

test('linear: base latency up to capacity, then growing by factor per capacity beyond it', (t) => {
  const load = { capacity: 10, model: 'linear' as const, factor: 2 };
  t.is(loadFactor(load, 1), 1);
  t.is(loadFactor(load, 10), 1);
  t.is(loadFactor(load, 15), 2);
  t.is(loadFactor(load, 20), 3);
  t.is(loadFactor({ capacity: 4 }, 8), 2, 'linear with factor 1 is the default');
});

test('queueing: 1 / (1 − utilization), capped at 99% utilization', (t) => {
  const load = { capacity: 10, model: 'queueing' as const };
  t.is(loadFactor(load, 0), 1);
  t.is(loadFactor(load, 5), 2);
  t.is(loadFactor(load, 8).toFixed(9), (5).toFixed(9));
  t.is(Math.round(loadFactor(load, 10)), 100);
  t.is(Math.round(loadFactor(load, 1_000)), 100);
});

test('the in-flight counter counts per deployment and leaves once', (t) => {
  const counter = new InFlightCounter();
  const leaveA = counter.enter('a');
  const leaveA2 = counter.enter('a');
  counter.enter('b');
  t.is(counter.current('a'), 2);
  t.is(counter.current('b'), 1);
  t.is(counter.current('c'), 0);
  leaveA();
  leaveA();
  t.is(counter.current('a'), 1, 'a second leave of the same request does not count');
  leaveA2();
  t.is(counter.current('a'), 0);
});
