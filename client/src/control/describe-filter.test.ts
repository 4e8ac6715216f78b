import test from 'ava';
import { describeFilter } from './describe-filter.ts';

test('a filter reads as the words of each field given', (t) => {
  t.is(
    describeFilter({ deployment: 'chat', operation: 'chat', status: 200, testId: 't1', rule: 'greet', stream: true }),
    'deployment "chat", operation chat, status 200, test id "t1", rule "greet", streamed',
  );
  t.is(describeFilter({ status: { gte: 400 } }), 'status ≥ 400');
  t.is(describeFilter({ status: { lte: 299 } }), 'status ≤ 299');
  t.is(describeFilter({ status: { gte: 500, lte: 599 } }), 'status 500–599');
  t.is(
    describeFilter({ since: new Date(0), until: '2025-01-01T00:00:00Z' }),
    'since 1970-01-01T00:00:00.000Z, before 2025-01-01T00:00:00Z',
  );
  t.is(describeFilter({}), 'any call');
});
