import test from 'ava';
import { callTable } from './call-table.ts';
import type { JournalEntry } from './types.ts';

function entry(id: number, fields: Partial<JournalEntry> = {}): JournalEntry {
  const time = new Date(Date.UTC(2025, 0, 31, 9, 15, 2, 100 + id)).toISOString();
  const base = {
    id,
    time,
    requestId: `r${id}`,
    method: 'POST',
    path: '/openai/deployments/chat/chat/completions',
    stream: false,
    status: 200,
  };
  return { ...base, deployment: 'chat', operation: 'chat', request: { headers: {} }, response: {}, latency: { totalMs: 1 }, ...fields };
}

test('calls are an aligned table: time, deployment, operation, status, tokens and what else is known', (t) => {
  const table = callTable([
    entry(1, { tokens: { prompt: 12, completion: 5 }, rule: 'greet', testId: 't1' }),
    entry(2, { status: 429, limiter: { decision: 'refused', limit: 'call', retryAfterMs: 983.4 } }),
    entry(3, { status: 500, fault: 'control:injected', deployment: 'embed', operation: 'embeddings', stream: true }),
    entry(4, { status: 0 }),
  ]);
  t.is(
    table,
    [
      '  time           deployment  operation   status    tokens  note',
      '  09:15:02.101Z  chat        chat        200       12 + 5  rule greet, test t1',
      '  09:15:02.102Z  chat        chat        429       -       refused (call limit), retry after 983 ms',
      '  09:15:02.103Z  embed       embeddings  500       -       fault control:injected, stream',
      '  09:15:02.104Z  chat        chat        0 (gone)  -',
    ].join('\n'),
  );
});

test('past the row limit, the newest rows and a count of the rest', (t) => {
  const lines = callTable(
    [1, 2, 3, 4, 5].map((id) => entry(id)),
    2,
  ).split('\n');
  t.is(lines.length, 4);
  t.is(lines[1], '  … 3 earlier calls not shown');
  t.regex(lines[2] ?? '', /^ {2}09:15:02\.104Z/);
  t.regex(lines[3] ?? '', /^ {2}09:15:02\.105Z/);
});
