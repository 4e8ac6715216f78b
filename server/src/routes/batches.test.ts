import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { advanceClock, chatLine, fileLines, uploadBatchFile } from '../test-support/batch-files.ts';

const HOUR = 3600_000;

const SCENARIOS: Scenarios = {
  deployments: {
    'gpt-4o-batch': { model: 'gpt-4o-2024-08-06', sku: 'GlobalBatch', batch: { validating: 1000, inProgress: 10_000, finalizing: 1000 } },
    'gpt-4o': { model: 'gpt-4o-2024-08-06' },
  },
  scenarios: [
    {
      name: 'capital',
      match: { lastUserMessage: { contains: 'capital of France' } },
      respond: { content: 'Paris.' },
    },
  ],
};

test('a batch runs through validating, in_progress and finalizing to completed on the job clock, and its lines answer as live requests do', async (t) => {
  const sim = await startTestSimulator(t, { clock: new ManualClock(), scenarios: SCENARIOS });
  const client = azureClient(sim);
  const inputFileId = await uploadBatchFile(client, [
    chatLine('task-0', 'gpt-4o-batch', 'What is the capital of France?'),
    chatLine('task-1', 'gpt-4o-batch', 'Say hello', '/v1/chat/completions'),
  ]);
  const created = await client.batches.create({
    input_file_id: inputFileId,
    endpoint: '/chat/completions' as '/v1/chat/completions',
    completion_window: '24h',
    metadata: { run: 'one' },
  });
  t.regex(created.id, /^batch_[0-9a-f-]{36}$/);
  t.like(created, {
    object: 'batch',
    status: 'validating',
    input_file_id: inputFileId,
    completion_window: '24h',
    endpoint: '/chat/completions',
    metadata: { run: 'one' },
    errors: null,
    output_file_id: null,
  });
  t.is(created.expires_at, created.created_at + 24 * 3600);
  t.deepEqual(created.request_counts, { total: 0, completed: 0, failed: 0 });

  await advanceClock(sim, 1000);
  const running = await client.batches.retrieve(created.id);
  t.like(running, { status: 'in_progress', request_counts: { total: 2, completed: 0, failed: 0 }, model: 'gpt-4o-batch' });
  t.is(running.in_progress_at, created.created_at + 1);

  await advanceClock(sim, 10_000);
  t.like(await client.batches.retrieve(created.id), { status: 'finalizing', request_counts: { total: 2, completed: 2, failed: 0 } });
  await advanceClock(sim, 1000);
  const done = await client.batches.retrieve(created.id);
  t.like(done, { status: 'completed', request_counts: { total: 2, completed: 2, failed: 0 } });
  t.is(done.completed_at, created.created_at + 12);
  t.is(done.finalizing_at, created.created_at + 11);

  const output = await fileLines(client, done.output_file_id!);
  t.deepEqual(
    output.map((line) => line.custom_id),
    ['task-0', 'task-1'],
  );
  t.regex(output[0]!.id, /^batch_req_/);
  t.is(output[0]!.error, null);
  t.like(output[0]!.response, { status_code: 200 });
  t.is(output[0]!.response.body.object, 'chat.completion');
  t.is(output[0]!.response.body.choices[0].message.content, 'Paris.', "the scenario rule's answer");
  t.is(typeof output[0]!.response.request_id, 'string');
  t.deepEqual(await fileLines(client, done.error_file_id!), [], 'the error file of a batch with no failure is empty');
  t.like(await client.files.retrieve(done.output_file_id!), { purpose: 'batch_output' });
});

test('the v1 client creates, lists and retrieves batches on /openai/v1/batches', async (t) => {
  const sim = await startTestSimulator(t, { clock: new ManualClock(), scenarios: SCENARIOS });
  const client = v1Client(sim);
  const inputFileId = await uploadBatchFile(client, [chatLine('a', 'gpt-4o-batch', 'hi', '/v1/chat/completions')]);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++)
    ids.push((await client.batches.create({ input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h' })).id);
  const page = await client.batches.list({ limit: 2 });
  t.deepEqual(
    page.data.map((batch) => batch.id),
    [ids[2], ids[1]],
    'newest first',
  );
  t.true(page.has_more);
  const rest = await client.batches.list({ limit: 2, after: ids[1] });
  t.deepEqual(
    rest.data.map((batch) => batch.id),
    [ids[0]],
  );
  t.false(rest.has_more);
  await advanceClock(sim, HOUR);
  t.is((await client.batches.retrieve(ids[0]!)).status, 'completed');
});

test('embeddings and responses batches are answered by their operations', async (t) => {
  const sim = await startTestSimulator(t, {
    clock: new ManualClock(),
    scenarios: {
      deployments: {
        'embed-batch': { model: 'text-embedding-3-small', sku: 'GlobalBatch' },
        'gpt-4o-batch': { model: 'gpt-4o-2024-08-06', sku: 'DataZoneBatch' },
      },
    },
  });
  const client = v1Client(sim);
  const run = async (endpoint: '/v1/embeddings' | '/v1/responses', body: Record<string, unknown>) => {
    const inputFileId = await uploadBatchFile(client, [{ custom_id: 'one', method: 'POST', url: endpoint, body }]);
    const batch = await client.batches.create({ input_file_id: inputFileId, endpoint, completion_window: '24h' });
    await advanceClock(sim, HOUR);
    const done = await client.batches.retrieve(batch.id);
    t.is(done.status, 'completed', endpoint);
    return (await fileLines(client, done.output_file_id!))[0]!.response.body;
  };
  const embedded = await run('/v1/embeddings', { model: 'embed-batch', input: 'hello' });
  t.is(embedded.object, 'list');
  t.is(embedded.data[0].embedding.length, 1536);
  const responded = await run('/v1/responses', { model: 'gpt-4o-batch', input: 'hello' });
  t.is(responded.object, 'response');
  t.is(responded.status, 'completed');
});
