import test from 'ava';
import { ENTRY_OVERHEAD_BYTES, Journal } from './index.ts';
import { testEntry } from './test-entry.ts';

const MiB = 1024 * 1024;

test('numbers entries from 1 and gives them back as kept, oldest first', (t) => {
  const journal = new Journal({ maxEntries: 10, maxBytes: MiB });
  const first = journal.record(testEntry(0));
  t.like(first, { id: 1, requestId: 'req-0', deployment: 'gpt-4o', operation: 'chat', status: 200, stream: false });
  t.deepEqual(first.request.body, { messages: [{ role: 'user', content: 'hello 0' }] });
  t.deepEqual(first.response, { body: '{"id":"chatcmpl-0"}', bytes: 19 });
  journal.record(testEntry(1));
  t.deepEqual(
    journal.query().map((entry) => entry.id),
    [1, 2],
  );
  t.deepEqual(journal.query()[0], first);
});

test('the entry bound: the oldest leave first, each counted as dropped', (t) => {
  const journal = new Journal({ maxEntries: 3, maxBytes: MiB });
  for (let n = 0; n < 5; n++) journal.record(testEntry(n));
  t.deepEqual(
    journal.query().map((entry) => entry.requestId),
    ['req-2', 'req-3', 'req-4'],
  );
  t.like(journal.stats(), { entries: 3, dropped: 2, maxEntries: 3, maxBytes: MiB });
});

test('a time given as epoch ms reads back as ISO 8601, and time filters see it', (t) => {
  const journal = new Journal({ maxEntries: 10, maxBytes: MiB });
  const at = Date.parse('2025-06-01T12:00:05.250Z');
  const asText = journal.record(testEntry(0, { time: '2025-06-01T12:00:05.250Z' }));
  const asMs = journal.record(testEntry(1, { time: at }));
  t.is(asMs.time, '2025-06-01T12:00:05.250Z');
  t.is(asText.time, asMs.time);
  t.deepEqual(
    journal.query({ since: '2025-06-01T12:00:05Z', until: '2025-06-01T12:00:06Z' }).map((entry) => entry.requestId),
    ['req-0', 'req-1'],
  );
  t.deepEqual(journal.query({ since: String(at + 1) }), []);
  const bytesOf = (time: string | number) => {
    const alone = new Journal({ maxEntries: 10, maxBytes: MiB });
    alone.record(testEntry(0, { time }));
    return alone.stats().bytes;
  };
  t.is(bytesOf(at), bytesOf('2025-06-01T12:00:05.250Z'), 'counted alike');
});

test('the byte bound: entries leave until the newest fits, and the byte count never passes the bound', (t) => {
  const body = 'x'.repeat(1000);
  const one = new Journal({ maxEntries: 100, maxBytes: MiB }).record(testEntry(0, { response: { body } }));
  const size = new Journal({ maxEntries: 100, maxBytes: MiB });
  size.record(testEntry(0, { response: { body } }));
  const entryBytes = size.stats().bytes;
  t.true(entryBytes > 1000 + ENTRY_OVERHEAD_BYTES, 'an entry costs its bodies, its strings and the overhead');
  t.is(one.response.body, body);

  const maxBytes = Math.floor(entryBytes * 4.5);
  const journal = new Journal({ maxEntries: 100, maxBytes });
  for (let n = 0; n < 10; n++) {
    journal.record(testEntry(n, { response: { body } }));
    t.true(journal.stats().bytes <= maxBytes);
  }
  t.deepEqual(journal.stats(), { entries: 4, bytes: entryBytes * 4, dropped: 6, maxEntries: 100, maxBytes });
  t.deepEqual(
    journal.query().map((entry) => entry.requestId),
    ['req-6', 'req-7', 'req-8', 'req-9'],
  );
});

test('one large entry pushes out as many small ones as it takes', (t) => {
  const journal = new Journal({ maxEntries: 100, maxBytes: 20_000, maxBodyBytes: 16_000 });
  for (let n = 0; n < 10; n++) journal.record(testEntry(n));
  journal.record(testEntry(10, { response: { body: 'y'.repeat(15_000) } }));
  const { entries, bytes, dropped } = journal.stats();
  t.true(bytes <= 20_000);
  t.is(entries + dropped, 11);
  t.true(dropped >= 7);
  t.is(journal.query().at(-1)?.requestId, 'req-10');
});

test('an entry too large for the whole journal is kept without its bodies, or not at all', (t) => {
  const journal = new Journal({ maxEntries: 10, maxBytes: ENTRY_OVERHEAD_BYTES + 600, maxBodyBytes: 4096 });
  const kept = journal.record(testEntry(0, { response: { body: 'z'.repeat(3000) } }));
  t.like(kept.response, { bodyTruncated: true, bytes: 3000 });
  t.is(kept.response.body, undefined);
  t.like(journal.stats(), { entries: 1, dropped: 0 });

  const huge = journal.record(testEntry(1, { request: { headers: { 'x-trace': 't'.repeat(2000) } } }));
  t.is(huge.id, 2);
  t.deepEqual(
    journal.query().map((entry) => entry.id),
    [1],
  );
  t.like(journal.stats(), { entries: 1, dropped: 1 });
});

test('credentials are never stored, in headers or in the query string', (t) => {
  const journal = new Journal({ maxEntries: 10, maxBytes: MiB });
  const secret = 'sk-0123456789abcdef';
  journal.record(
    testEntry(0, {
      path: `/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21&subscription-key=${secret}`,
      request: {
        headers: {
          'Api-Key': secret,
          Authorization: `Bearer ${secret}`,
          Cookie: `session=${secret}`,
          'ocp-apim-subscription-key': secret,
          'x-ms-client-request-id': 'abc',
        },
      },
    }),
  );
  const [entry] = journal.query();
  t.false(JSON.stringify(entry).includes(secret));
  t.deepEqual(entry?.request.headers, {
    'api-key': 'REDACTED',
    authorization: 'REDACTED',
    cookie: 'REDACTED',
    'ocp-apim-subscription-key': 'REDACTED',
    'x-ms-client-request-id': 'abc',
  });
  t.is(entry?.path, '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21&subscription-key=REDACTED');
});

test('bodies past the cap are cut on a character boundary and marked; the full answer size is kept', (t) => {
  const journal = new Journal({ maxEntries: 10, maxBytes: MiB, maxBodyBytes: 100 });
  const content = 'é'.repeat(200);
  const answer = `{"content":"${'€'.repeat(100)}"}`;
  const entry = journal.record(testEntry(0, { request: { headers: {}, body: { content } }, response: { body: answer } }));
  const requestText = entry.request.body as string;
  t.true(entry.request.bodyTruncated);
  t.is(typeof requestText, 'string');
  t.true(JSON.stringify({ content }).startsWith(requestText));
  t.true(Buffer.byteLength(requestText) <= 100 && Buffer.byteLength(requestText) >= 99);
  t.true(entry.response.bodyTruncated);
  t.true(answer.startsWith(entry.response.body ?? '-'));
  t.false(entry.response.body?.includes('\uFFFD'));
  t.true(Buffer.byteLength(entry.response.body ?? '') > 97);
  t.is(entry.response.bytes, Buffer.byteLength(answer));
  t.deepEqual(journal.query()[0], entry);

  const small = journal.record(testEntry(1, { request: { headers: {}, body: { content: 'short' } } }));
  t.deepEqual(small.request, { headers: {}, body: { content: 'short' } });
});

test('bytes in a request body are journaled as their size, and a body JSON cannot hold does not lose the entry', (t) => {
  const journal = new Journal({ maxEntries: 10, maxBytes: MiB });
  const withFile = journal.record(testEntry(0, { request: { headers: {}, body: { model: 'whisper', file: Buffer.alloc(50_000) } } }));
  t.deepEqual(withFile.request.body, { model: 'whisper', file: '[50000 bytes]' });
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const odd = journal.record(testEntry(1, { request: { headers: {}, body: cyclic } }));
  t.regex(String(odd.request.body), /^\[body not serializable: /);
  t.is(journal.count(), 2);
});

test('the journal keeps copies: changing what was recorded, or what a query returned, changes nothing', (t) => {
  const journal = new Journal({ maxEntries: 10, maxBytes: MiB });
  const input = testEntry(0);
  journal.record(input);
  (input.request.body as { messages: unknown[] }).messages.push('later');
  (input.request.headers as Record<string, string>)['x-late'] = '1';
  input.latency.totalMs = 1;
  const [entry] = journal.query();
  t.deepEqual(entry?.request.body, { messages: [{ role: 'user', content: 'hello 0' }] });
  t.deepEqual(entry?.request.headers, { 'content-type': 'application/json' });
  t.is(entry?.latency.totalMs, 480);
  if (!entry) return;
  (entry.request.body as { messages: unknown[] }).messages.length = 0;
  entry.request.headers['x-late'] = '1';
  entry.latency.totalMs = 2;
  entry.response.body = 'changed';
  t.like(journal.query()[0], {
    request: { headers: { 'content-type': 'application/json' }, body: { messages: [{ role: 'user', content: 'hello 0' }] } },
    latency: { totalMs: 480 },
    response: { body: '{"id":"chatcmpl-0"}' },
  });
  t.false('x-late' in (journal.query()[0]?.request.headers ?? {}));
});

test('only the fields of an entry are kept, not whatever else the caller passed along', (t) => {
  const journal = new Journal({ maxEntries: 10, maxBytes: MiB });
  const extra = {
    ...testEntry(0),
    ctx: { huge: 'x'.repeat(1000) },
    limiter: { decision: 'refused' as const, limit: 'token' as const, retryAfterMs: 900, admission: {} },
  };
  const entry = journal.record(extra);
  t.false('ctx' in entry);
  t.deepEqual(entry.limiter, { decision: 'refused', limit: 'token', retryAfterMs: 900 });
});

test('clear removes everything, or one test id; ids carry on; a full clear resets the drop count', (t) => {
  const journal = new Journal({ maxEntries: 4, maxBytes: MiB });
  for (let n = 0; n < 6; n++) journal.record(testEntry(n, { testId: n % 2 === 0 ? 'even' : 'odd' }));
  t.like(journal.stats(), { entries: 4, dropped: 2 });
  t.is(journal.clear('odd'), 2);
  t.deepEqual(
    journal.query().map((entry) => entry.requestId),
    ['req-2', 'req-4'],
  );
  const same = new Journal({ maxEntries: 4, maxBytes: MiB });
  for (const n of [2, 4]) same.record(testEntry(n, { testId: 'even' }));
  t.like(journal.stats(), { entries: 2, bytes: same.stats().bytes, dropped: 2 });
  t.is(journal.clear('nobody'), 0);
  t.is(journal.clear(), 2);
  t.deepEqual(journal.stats(), { entries: 0, bytes: 0, dropped: 0, maxEntries: 4, maxBytes: MiB });
  t.is(journal.record(testEntry(6)).id, 7);
});

test('maxEntries 0 or maxBytes 0 turns the journal off: nothing kept, numbered or counted', (t) => {
  for (const options of [
    { maxEntries: 0, maxBytes: MiB },
    { maxEntries: 100, maxBytes: 0 },
  ]) {
    const journal = new Journal(options);
    t.false(journal.enabled);
    const entry = journal.record(testEntry(0, { request: { headers: { 'api-key': 'secret-key' }, body: { a: 1 } } }));
    t.like(entry, { id: 0, requestId: 'req-0', request: { headers: { 'api-key': 'REDACTED' }, bodyTruncated: true } });
    t.is(entry.request.body, undefined);
    t.deepEqual(journal.query(), []);
    t.like(journal.stats(), { entries: 0, bytes: 0, dropped: 0 });
  }
});

test('bounds that are not whole numbers ≥ 0 are refused', (t) => {
  t.throws(() => new Journal({ maxEntries: -1, maxBytes: MiB }), { instanceOf: RangeError, message: /maxEntries/ });
  t.throws(() => new Journal({ maxEntries: 10, maxBytes: 1.5 }), { instanceOf: RangeError, message: /maxBytes/ });
  t.throws(() => new Journal({ maxEntries: 10, maxBytes: MiB, maxBodyBytes: NaN }), { instanceOf: RangeError, message: /maxBodyBytes/ });
});

test('100,000 requests through a 1,000-entry journal: exactly 1,000 kept, 99,000 dropped', (t) => {
  const journal = new Journal({ maxEntries: 1000, maxBytes: 16 * MiB });
  for (let n = 0; n < 100_000; n++) journal.record(testEntry(n));
  const { entries, dropped, bytes } = journal.stats();
  t.is(entries, 1000);
  t.is(dropped, 99_000);
  t.true(bytes <= 16 * MiB);
  const kept = journal.query();
  t.is(kept[0]?.id, 99_001);
  t.is(kept.at(-1)?.id, 100_000);
  t.is(journal.count(), 1000);
});
