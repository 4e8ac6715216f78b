import { readFileSync } from 'node:fs';
import test from 'ava';
import { SCHEMA_PATH } from '../paths.ts';
import { JOURNAL_OPERATIONS, JournalFilterError, parseJournalFilter } from './index.ts';

test('every parameter, as a query string gives it', (t) => {
  t.deepEqual(
    parseJournalFilter({
      deployment: 'gpt-4o',
      operation: 'chat',
      status: '429',
      testId: 'checkout-retries',
      rule: 'throttle',
      since: '2025-06-01T12:00:00Z',
      until: '1748782800000',
      limit: '20',
      stream: 'true',
    }),
    {
      deployment: 'gpt-4o',
      testId: 'checkout-retries',
      rule: 'throttle',
      operation: 'chat',
      status: 429,
      since: '2025-06-01T12:00:00Z',
      until: '1748782800000',
      limit: 20,
      stream: true,
    },
  );
  t.deepEqual(parseJournalFilter({}), {});
  t.deepEqual(parseJournalFilter({ status_gte: '400' }), { status: { gte: 400 } });
  t.deepEqual(parseJournalFilter({ status_gte: '500', status_lte: '599', stream: 'false' }), {
    status: { gte: 500, lte: 599 },
    stream: false,
  });
  t.deepEqual(parseJournalFilter({ deployment: ['gpt-4o'], since: '2025-06-01', rule: undefined }), {
    deployment: 'gpt-4o',
    since: '2025-06-01',
  });
  t.deepEqual(parseJournalFilter({ since: '2025-06-01T14:00:00.250+02:00' }), { since: '2025-06-01T14:00:00.250+02:00' });
});

test('parameters the caller reads itself are let through when named', (t) => {
  t.deepEqual(parseJournalFilter({ format: 'ndjson', status: '200' }, { otherParams: ['format'] }), { status: 200 });
  t.throws(() => parseJournalFilter({ format: 'ndjson' }), { instanceOf: JournalFilterError });
});

const bad: [string, Record<string, string | string[] | undefined>, RegExp][] = [
  [
    'an unknown operation, with the likely one',
    { operation: 'chats' },
    /^operation: unknown operation "chats"; did you mean "chat"\?; the operations are chat, completions/,
  ],
  ['a status that is not a number', { status: 'abc' }, /^status: must be an HTTP status \(100 to 599\), not "abc"/],
  ['a status out of range', { status: '999' }, /^status: must be an HTTP status/],
  ['a status range bound that is not a number', { status_gte: '4xx' }, /^status_gte: must be an HTTP status/],
  ['a status and a range', { status: '429', status_lte: '500' }, /^status: give either status or a range/],
  ['an empty range', { status_gte: '500', status_lte: '400' }, /^status: the range is empty/],
  ['a date that is not one', { since: 'last tuesday' }, /^since: "last tuesday" is not a time; give ISO 8601/],
  ['a day that does not exist', { since: '2025-02-30' }, /^since: "2025-02-30" is not a time/],
  ['a date-time without a zone', { until: '2025-06-01T12:00:00' }, /^until: "2025-06-01T12:00:00" has no time zone/],
  [
    'until before since',
    { since: '2025-06-02T00:00:00Z', until: '2025-06-01T00:00:00Z' },
    /^until: must be later than since \(2025-06-02T00:00:00.000Z\)/,
  ],
  ['a negative limit', { limit: '-5' }, /^limit: must be a whole number ≥ 0, not "-5"/],
  ['a fractional limit', { limit: '2.5' }, /^limit: must be a whole number/],
  ['stream that is not a boolean', { stream: 'yes' }, /^stream: must be true or false, not "yes"/],
  ['a parameter given twice', { deployment: ['a', 'b'] }, /^deployment: given 2 times; give it once/],
  ['an empty value', { testId: '' }, /^testId: is empty/],
  [
    'an unknown parameter, with the likely one',
    { statuss: '429' },
    /^statuss: unknown filter; did you mean "status"\?; the filters are deployment, resource, region, operation/,
  ],
];

for (const [title, query, message] of bad) {
  test(`refused: ${title}`, (t) => {
    const error = t.throws(() => parseJournalFilter(query), { instanceOf: JournalFilterError, message });
    t.is(error?.name, 'JournalFilterError');
    t.is(`${error?.param}:`, error?.message.slice(0, (error?.param.length ?? 0) + 1));
  });
}

test('the operations are exactly those the schema defines', (t) => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $defs: { Operation: { enum: string[] } } };
  t.deepEqual([...JOURNAL_OPERATIONS].sort(), [...schema.$defs.Operation.enum].sort());
});
