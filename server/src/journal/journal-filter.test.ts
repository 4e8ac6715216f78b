import test from 'ava';
import { Journal, JournalFilterError, type JournalFilter } from './index.ts';
import { T0, testEntry } from './test-entry.ts';

/** Ten entries a second apart (req-0 … req-9) that differ in every field a filter looks at. */
function journal(): Journal {
  const journal = new Journal({ maxEntries: 100, maxBytes: 1024 * 1024 });
  const statuses = [200, 200, 429, 200, 500, 400, 200, 429, 200, 503];
  for (let n = 0; n < 10; n++) {
    journal.record(
      testEntry(n, {
        deployment: n < 5 ? 'gpt-4o' : 'gpt-4o-mini',
        operation: n % 3 === 0 ? 'embeddings' : 'chat',
        status: statuses[n] ?? 200,
        stream: n % 2 === 1,
        ...(n >= 7 ? {} : { testId: n < 4 ? 'test-a' : 'test-b' }),
        ...(n % 4 === 0 ? { rule: 'throttle' } : {}),
      }),
    );
  }
  return journal;
}

const at = (n: number): string => new Date(T0 + n * 1000).toISOString();

/** The n of each entry the filter selects, in order. */
function selected(filter: JournalFilter): number[] {
  return journal()
    .query(filter)
    .map((entry) => Number(entry.requestId.slice(4)));
}

const cases: [string, JournalFilter, number[]][] = [
  ['no filter: everything, oldest first', {}, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
  ['deployment', { deployment: 'gpt-4o-mini' }, [5, 6, 7, 8, 9]],
  ['operation', { operation: 'embeddings' }, [0, 3, 6, 9]],
  ['status, exact', { status: 429 }, [2, 7]],
  ['status, at least', { status: { gte: 400 } }, [2, 4, 5, 7, 9]],
  ['status, at most', { status: { lte: 200 } }, [0, 1, 3, 6, 8]],
  ['status, both ends inclusive', { status: { gte: 429, lte: 500 } }, [2, 4, 7]],
  ['testId', { testId: 'test-b' }, [4, 5, 6]],
  ['rule', { rule: 'throttle' }, [0, 4, 8]],
  ['stream true', { stream: true }, [1, 3, 5, 7, 9]],
  ['stream false', { stream: false }, [0, 2, 4, 6, 8]],
  ['since, inclusive (ISO)', { since: at(7) }, [7, 8, 9]],
  ['until, exclusive (ISO)', { until: at(2) }, [0, 1]],
  ['since and until in epoch ms', { since: String(T0 + 3000), until: String(T0 + 5000) }, [3, 4]],
  ['since with an offset', { since: '2025-06-01T14:00:08+02:00' }, [8, 9]],
  ['limit: the newest that match, still oldest first', { limit: 3 }, [7, 8, 9]],
  ['limit applies after the other filters', { deployment: 'gpt-4o', limit: 2 }, [3, 4]],
  ['limit 0', { limit: 0 }, []],
  ['every filter at once', { deployment: 'gpt-4o-mini', status: { gte: 400 }, stream: true, operation: 'chat' }, [5, 7]],
  ['nothing matches', { deployment: 'gpt-4o', testId: 'nobody' }, []],
];

for (const [title, filter, expected] of cases) {
  test(`filter: ${title}`, (t) => {
    t.deepEqual(selected(filter), expected);
    t.is(journal().count(filter), expected.length);
  });
}

test('filters that make no sense throw JournalFilterError', (t) => {
  const j = journal();
  t.throws(() => j.query({ since: 'yesterday' }), { instanceOf: JournalFilterError, message: /^since: "yesterday" is not a time/ });
  t.throws(() => j.count({ until: '2025-06-01T12:00:00' }), { instanceOf: JournalFilterError, message: /no time zone/ });
  t.throws(() => j.query({ since: at(5), until: at(5) }), { instanceOf: JournalFilterError, message: /^until: must be later than since/ });
  t.throws(() => j.query({ status: { gte: 500, lte: 400 } }), { instanceOf: JournalFilterError, message: /^status: the range is empty/ });
  t.throws(() => j.query({ limit: -1 }), { instanceOf: JournalFilterError, message: /^limit: / });
});

test('an entry whose time does not parse matches no time filter, and every other one', (t) => {
  const j = new Journal({ maxEntries: 10, maxBytes: 1024 * 1024 });
  j.record(testEntry(0, { time: 'not a time' }));
  t.is(j.count(), 1);
  t.is(j.count({ since: '0' }), 0);
  t.is(j.count({ until: at(100) }), 0);
});
