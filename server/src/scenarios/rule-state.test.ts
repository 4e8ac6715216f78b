import test from 'ava';
import { RuleState } from './rule-state.ts';

test('counts matches per rule and test id, and reset forgets one test id or all', (t) => {
  const state = new RuleState({ maxEntries: 100, maxBytes: 1 << 20 });
  t.is(state.increment('rule', 'a'), 1);
  t.is(state.increment('rule', 'a'), 2);
  t.is(state.increment('rule', 'b'), 1);
  t.is(state.increment('rule', undefined), 1);
  state.reset('a');
  t.deepEqual([state.count('rule', 'a'), state.count('rule', 'b'), state.count('rule', undefined)], [0, 1, 1]);
  state.reset();
  t.is(state.count('rule', 'b'), 0);
});

test('the test ids kept are bounded by count, the least recently used forgotten first', (t) => {
  const state = new RuleState({ maxEntries: 2, maxBytes: 1 << 20 });
  state.increment('rule', 'a');
  state.increment('rule', 'b');
  state.increment('rule', 'a');
  state.increment('rule', 'c');
  t.deepEqual([state.count('rule', 'a'), state.count('rule', 'b'), state.count('rule', 'c')], [2, 0, 1]);
});

test('the test ids kept are bounded by bytes: long test ids cannot hold more than the bound', (t) => {
  const state = new RuleState({ maxEntries: 10_000, maxBytes: 64 * 1024 });
  const id = (n: number) => `${n}`.padEnd(16 * 1024, '-');
  for (let n = 0; n < 100; n++) state.increment('rule', id(n));
  t.is(state.count('rule', id(0)), 0, 'the first was forgotten');
  t.is(state.count('rule', id(99)), 1);
  const kept = Array.from({ length: 100 }, (_, n) => state.count('rule', id(n))).filter((count) => count > 0).length;
  t.true(kept <= 4, `${kept} test ids of 16 KiB kept in 64 KiB`);
});
