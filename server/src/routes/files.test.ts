import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toFile } from 'openai';
import { ManualClock } from '../clock/index.ts';
import { parseExposition, sampleValue } from '../metrics/parse-exposition.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree } from '../test-support/temp-tree.ts';

const DEPLOYMENTS: Scenarios['deployments'] = { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } };
const withFiles = (files: NonNullable<Scenarios['server']>['files']): Scenarios => ({ deployments: DEPLOYMENTS, server: { files } });

/** A batch input file, with bytes past ASCII so that a download that re-encodes it would not match. */
const BATCH_JSONL = Buffer.from(
  [
    '{"custom_id":"task-0","method":"POST","url":"/chat/completions","body":{"model":"gpt-4o","messages":[{"role":"user","content":"Grüße ✓"}]}}',
    '{"custom_id":"task-1","method":"POST","url":"/chat/completions","body":{"model":"gpt-4o","messages":[{"role":"user","content":"2"}]}}',
    '',
  ].join('\n'),
);

const statusOf = (error: unknown) => (error as { status?: number }).status;

test('a batch file goes up, is listed, retrieved, downloaded byte for byte and deleted on the dated routes', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: DEPLOYMENTS } });
  const client = azureClient(sim);
  const uploaded = await client.files.create({ file: await toFile(BATCH_JSONL, 'batch.jsonl'), purpose: 'batch' });
  t.regex(uploaded.id, /^file-[0-9a-f]{32}$/);
  t.like(uploaded, {
    object: 'file',
    purpose: 'batch',
    filename: 'batch.jsonl',
    bytes: BATCH_JSONL.length,
    status: 'processed',
    expires_at: null,
  });
  t.true(Number.isInteger(uploaded.created_at));

  t.deepEqual(await client.files.retrieve(uploaded.id), uploaded);
  t.deepEqual(
    (await client.files.list()).data.map((file) => file.id),
    [uploaded.id],
  );
  const content = await client.files.content(uploaded.id);
  t.is(content.headers.get('content-type'), 'application/octet-stream');
  t.deepEqual(Buffer.from(await content.arrayBuffer()), BATCH_JSONL);

  t.deepEqual(await client.files.delete(uploaded.id), { object: 'file', deleted: true, id: uploaded.id });
  const gone = await t.throwsAsync(client.files.retrieve(uploaded.id));
  t.is(statusOf(gone), 404);
  t.like((gone as { error?: object }).error, { message: `No such File object: ${uploaded.id}`, type: 'invalid_request_error' });
  t.is(statusOf(await t.throwsAsync(client.files.content(uploaded.id))), 404);
  t.is(statusOf(await t.throwsAsync(client.files.delete(uploaded.id))), 404);
});

test('an upload on the dated route answers 201 with its Location, and the dated routes need an api-version', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: DEPLOYMENTS } });
  const form = new FormData();
  form.set('purpose', 'assistants');
  form.set('file', new Blob(['hello']), 'notes.txt');
  const created = await fetch(`${sim.url}/openai/files?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k' },
    body: form,
  });
  t.is(created.status, 201);
  const { id } = (await created.json()) as { id: string };
  t.is(created.headers.get('location'), `${sim.url}/openai/files/${id}`);
  t.is((await fetch(`${sim.url}/openai/files/${id}`, { headers: { 'api-key': 'k' } })).status, 404, 'no api-version: the gateway 404');
  t.is((await fetch(`${sim.url}/openai/files/${id}?api-version=2024-10-21`)).status, 401, 'no key');
});

test('the v1 routes list files newest first, a page at a time, with has_more and after', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: DEPLOYMENTS } });
  const client = v1Client(sim);
  const ids: string[] = [];
  for (const name of ['a.jsonl', 'b.jsonl', 'c.jsonl'])
    ids.push((await client.files.create({ file: await toFile(BATCH_JSONL, name), purpose: 'batch' })).id);
  await client.files.create({ file: await toFile(Buffer.from('{}'), 'evals.jsonl'), purpose: 'evals' });

  const first = await client.files.list({ purpose: 'batch', limit: 2 });
  t.deepEqual(
    first.data.map((file) => file.id),
    [ids[2], ids[1]],
  );
  t.true(first.has_more);
  const second = await client.files.list({ purpose: 'batch', limit: 2, after: ids[1]! });
  t.deepEqual(
    second.data.map((file) => file.id),
    [ids[0]],
  );
  t.false(second.has_more);

  const walked: string[] = [];
  for await (const file of client.files.list({ purpose: 'batch', limit: 1, order: 'asc' })) walked.push(file.id);
  t.deepEqual(walked, ids, "the SDK's auto-pagination walks every page");
  t.is((await client.files.list()).data.length, 4);
});

test('an upload without a file, or with a purpose the service does not take, is refused with 400', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: DEPLOYMENTS } });
  const badPurpose = await t.throwsAsync(
    v1Client(sim).files.create({ file: await toFile(BATCH_JSONL, 'batch.jsonl'), purpose: 'nonsense' as 'batch' }),
  );
  t.is(statusOf(badPurpose), 400);
  t.like((badPurpose as { error?: object }).error, { param: 'purpose', type: 'invalid_request_error' });

  const form = new FormData();
  form.set('purpose', 'batch');
  const noFile = await fetch(`${sim.url}/openai/v1/files`, { method: 'POST', headers: { 'api-key': 'k' }, body: form });
  t.is(noFile.status, 400);
  t.like(((await noFile.json()) as { error: object }).error, { param: 'file' });

  const badExpiry = await t.throwsAsync(
    v1Client(sim).files.create({
      file: await toFile(BATCH_JSONL, 'batch.jsonl'),
      purpose: 'batch',
      expires_after: { anchor: 'created_at', seconds: 60 },
    }),
  );
  t.is(statusOf(badExpiry), 400, 'expires_after under an hour');
});

test('a file past the size limits is refused with 413: the general one, and the lower one for batch input', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: withFiles({ maxFileBytes: 4096, maxBatchFileBytes: 1024 }) });
  const client = v1Client(sim);
  const large = Buffer.alloc(2048, 'x');
  t.is(statusOf(await t.throwsAsync(client.files.create({ file: await toFile(large, 'big.jsonl'), purpose: 'batch' }))), 413);
  t.is((await client.files.create({ file: await toFile(large, 'big.txt'), purpose: 'user_data' })).bytes, 2048);
  const tooLarge = Buffer.alloc(8192, 'x');
  t.is(statusOf(await t.throwsAsync(client.files.create({ file: await toFile(tooLarge, 'huge.txt'), purpose: 'user_data' }))), 413);
});

test('past the byte cap the oldest files are evicted, answer 404 and are counted in /metrics', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: withFiles({ maxBytes: 100 }) });
  const client = v1Client(sim);
  const file = () => toFile(Buffer.alloc(40, 'x'), 'forty.txt');
  const first = await client.files.create({ file: await file(), purpose: 'user_data' });
  const second = await client.files.create({ file: await file(), purpose: 'user_data' });
  const third = await client.files.create({ file: await file(), purpose: 'user_data' });
  t.is(statusOf(await t.throwsAsync(client.files.retrieve(first.id))), 404, 'the oldest made room');
  t.is((await client.files.retrieve(second.id)).id, second.id);
  t.is((await client.files.retrieve(third.id)).id, third.id);
  const metrics = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  t.is(sampleValue(metrics, 'aoai_sim_files_evicted_total'), 1);
});

test("a file expires on the simulator's clock: expires_after, and server.files.retentionSeconds for the rest", async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { scenarios: withFiles({ retentionSeconds: 7200 }), clock });
  const client = v1Client(sim);
  const expiring = await client.files.create({
    file: await toFile(BATCH_JSONL, 'batch.jsonl'),
    purpose: 'batch',
    expires_after: { anchor: 'created_at', seconds: 3600 },
  });
  t.is(expiring.expires_at, expiring.created_at + 3600);
  const retained = await client.files.create({ file: await toFile(BATCH_JSONL, 'kept.jsonl'), purpose: 'batch' });
  t.is(retained.expires_at, retained.created_at + 7200);

  await clock.advance(3600 * 1000 - 1);
  t.is((await client.files.retrieve(expiring.id)).id, expiring.id, 'not yet');
  await clock.advance(1);
  t.is(statusOf(await t.throwsAsync(client.files.retrieve(expiring.id))), 404);
  t.is(statusOf(await t.throwsAsync(client.files.content(expiring.id))), 404);
  t.deepEqual(
    (await client.files.list()).data.map((file) => file.id),
    [retained.id],
  );
  await clock.advance(3600 * 1000);
  t.deepEqual((await client.files.list()).data, []);
});

test('files kept in server.files.dir survive a restart', async (t) => {
  const dir = join(await tempTree(t, {}), 'files');
  const first = await startTestSimulator(t, { scenarios: withFiles({ dir }) });
  const uploaded = await v1Client(first).files.create({ file: await toFile(BATCH_JSONL, 'batch.jsonl'), purpose: 'batch' });
  const deleted = await v1Client(first).files.create({ file: await toFile(BATCH_JSONL, 'gone.jsonl'), purpose: 'batch' });
  await v1Client(first).files.delete(deleted.id);
  await first.close();

  const second = await startTestSimulator(t, { scenarios: withFiles({ dir }) });
  const client = v1Client(second);
  t.deepEqual(await client.files.retrieve(uploaded.id), uploaded);
  t.deepEqual(Buffer.from(await (await client.files.content(uploaded.id)).arrayBuffer()), BATCH_JSONL);
  t.is(statusOf(await t.throwsAsync(client.files.retrieve(deleted.id))), 404, 'a deleted file stays deleted');
  t.is(statusOf(await t.throwsAsync(client.files.retrieve('file-../../etc/passwd'))), 404, 'an id is never a path');
});

test('file requests are journaled like the other /openai requests', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: DEPLOYMENTS } });
  const uploaded = await v1Client(sim).files.create({ file: await toFile(BATCH_JSONL, 'batch.jsonl'), purpose: 'batch' });
  await t.throwsAsync(v1Client(sim).files.retrieve('file-missing'));
  const { entries } = (await (await fetch(`${sim.url}/__sim/journal`)).json()) as {
    entries: { method: string; path: string; status: number }[];
  };
  t.deepEqual(
    entries.map(({ method, path, status }) => ({ method, path, status })).filter((entry) => entry.path.startsWith('/openai/v1/files')),
    [
      { method: 'POST', path: '/openai/v1/files', status: 200 },
      { method: 'GET', path: '/openai/v1/files/file-missing', status: 404 },
    ],
  );
  t.truthy(uploaded.id);
});

test('server.files.dir is relative to the scenarios file that names it', async (t) => {
  const root = await tempTree(t, {
    'scenarios.yaml': 'deployments:\n  gpt-4o:\n    model: gpt-4o-2024-08-06\nserver:\n  files:\n    dir: kept-files\n',
  });
  const sim = await startTestSimulator(t, { scenarios: join(root, 'scenarios.yaml'), watch: false });
  const uploaded = await v1Client(sim).files.create({ file: await toFile(BATCH_JSONL, 'batch.jsonl'), purpose: 'batch' });
  t.deepEqual(await readFile(join(root, 'kept-files', `${uploaded.id}.content`)), BATCH_JSONL);
});
