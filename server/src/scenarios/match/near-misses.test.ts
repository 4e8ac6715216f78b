import test from 'ava';
import type { Match } from '../../generated/scenarios.ts';
import { describeNearMisses, nearMisses } from './index.ts';
import { chatRequest } from './test-requests.ts';

const request = chatRequest({ messages: [{ role: 'user', content: 'What time is it?' }] });

const rules: Array<{ name: string; match?: Match; extra: number }> = [
  { name: 'three-off', match: { deployment: 'gpt-4.1', tool: 'x', turns: 5 }, extra: 1 },
  { name: 'weather', match: { lastUserMessage: { contains: 'weather' }, tool: 'get_weather' }, extra: 2 },
  { name: 'one-off-a', match: { deployment: 'gpt-4o-mini' }, extra: 3 },
  { name: 'matches', match: { deployment: 'gpt-4o' }, extra: 4 },
  { name: 'one-off-b', match: { operation: 'embeddings' }, extra: 5 },
  { name: 'catch-all', extra: 6 },
];

test('near misses come fewest failures first, ties in rule order, matching rules left out', (t) => {
  const misses = nearMisses(rules, request);
  t.deepEqual(
    misses.map((miss) => miss.rule.name),
    ['one-off-a', 'one-off-b', 'weather'],
  );
  t.is(misses[0]?.rule.extra, 3, 'the rule itself comes back, whole');
  t.deepEqual(misses[2]?.failures, [
    { field: 'lastUserMessage', expected: 'contains "weather"', actual: '"What time is it?"' },
    { field: 'tool', expected: '"get_weather"', actual: 'absent' },
  ]);
});

test('the limit caps the list, three by default', (t) => {
  t.is(nearMisses(rules, request).length, 3);
  t.deepEqual(
    nearMisses(rules, request, 10).map((miss) => miss.rule.name),
    ['one-off-a', 'one-off-b', 'weather', 'three-off'],
  );
  t.deepEqual(
    nearMisses(rules, request, 1).map((miss) => miss.rule.name),
    ['one-off-a'],
  );
  t.deepEqual(nearMisses(rules, request, 0), []);
  t.deepEqual(nearMisses([], request), []);
});

test('describeNearMisses writes one line per rule, its failures joined', (t) => {
  const weather = nearMisses(rules.slice(1, 2), request);
  t.deepEqual(describeNearMisses(weather), [
    'rule "weather": lastUserMessage expected contains "weather", got "What time is it?"; tool expected "get_weather", got absent',
  ]);
  t.deepEqual(describeNearMisses(nearMisses(rules, request)), [
    'rule "one-off-a": deployment expected "gpt-4o-mini", got "gpt-4o"',
    'rule "one-off-b": operation expected embeddings, got chat',
    'rule "weather": lastUserMessage expected contains "weather", got "What time is it?"; tool expected "get_weather", got absent',
  ]);
  t.deepEqual(describeNearMisses([{ rule: { name: 'say "hi"' }, failures: [{ field: 'turns', expected: '>= 3', actual: '2' }] }]), [
    'rule "say \\"hi\\"": turns expected >= 3, got 2',
  ]);
  t.deepEqual(describeNearMisses([]), []);
});
