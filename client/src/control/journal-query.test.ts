import test from 'ava';
import { journalQuery } from './journal-query.ts';

test('each filter field becomes the parameter the server reads', (t) => {
  const query = journalQuery({
    deployment: 'chat',
    operation: 'embeddings',
    testId: 'checkout',
    rule: 'greet',
    limit: 5,
    stream: false,
    since: new Date(Date.UTC(2025, 0, 31, 12)),
    until: 1738328400000,
  });
  t.is(
    query.toString(),
    'deployment=chat&operation=embeddings&testId=checkout&rule=greet&since=2025-01-31T12%3A00%3A00.000Z&until=1738328400000&limit=5&stream=false',
  );
});

test('a status is sent as itself, a range as its bounds', (t) => {
  t.is(journalQuery({ status: 429 }).toString(), 'status=429');
  t.is(journalQuery({ status: { gte: 400 } }).toString(), 'status_gte=400');
  t.is(journalQuery({ status: { gte: 500, lte: 599 } }).toString(), 'status_gte=500&status_lte=599');
});

test('no filter is no parameters', (t) => {
  t.is(journalQuery().toString(), '');
  t.is(journalQuery({ deployment: undefined }).toString(), '');
});
