import test from 'ava';
import { ManualClock } from '../../clock/index.ts';
import type { Scenarios } from '../../generated/scenarios.ts';
import { azureClient } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';
import { advanceClock, chatLine, fileLines, uploadBatchFile } from '../../test-support/batch-files.ts';

const HOUR = 3600_000;

const scenarios = (batch: Record<string, unknown> = {}): Scenarios => ({
  deployments: {
    'gpt-4o-batch': {
      model: 'gpt-4o-2024-08-06',
      sku: 'GlobalBatch',
      batch: { validating: 1000, inProgress: 10_000, finalizing: 1000, cancelling: 2000, ...batch },
    },
  },
  scenarios: [
    {
      name: 'refused',
      match: { lastUserMessage: { contains: '[400]' } },
      respond: {
        raw: {
          status: 400,
          headers: { 'content-type': 'application/json' },
          body: '{"error":{"message":"Not this one.","type":"invalid_request_error","param":null,"code":"invalid_prompt"}}',
        },
      },
    },
  ],
  faults: [{ name: 'boom', match: { lastUserMessage: { contains: '[500]' } }, fault: { kind: 'status', status: 500 } }],
});

const lines = (count: number, content = (i: number) => `question ${i}`) =>
  Array.from({ length: count }, (_, i) => chatLine(`task-${i}`, 'gpt-4o-batch', content(i)));

async function createBatch(
  client: ReturnType<typeof azureClient>,
  input: Array<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
) {
  const inputFileId = await uploadBatchFile(client, input);
  return client.batches.create({
    input_file_id: inputFileId,
    endpoint: '/chat/completions' as '/v1/chat/completions',
    completion_window: '24h',
    ...extra,
  });
}

test('a fault fails its line into the error file and a rule’s error answer goes there too, the other lines to the output file', async (t) => {
  const sim = await startTestSimulator(t, { clock: new ManualClock(), scenarios: scenarios() });
  const client = azureClient(sim);
  const batch = await createBatch(
    client,
    lines(3, (i) => ['fine', 'please [500]', 'please [400]'][i]!),
  );
  await advanceClock(sim, HOUR);
  const done = await client.batches.retrieve(batch.id);
  t.like(done, { status: 'completed', request_counts: { total: 3, completed: 1, failed: 2 } });
  t.deepEqual(
    (await fileLines(client, done.output_file_id!)).map((line) => line.custom_id),
    ['task-0'],
  );
  const errors = await fileLines(client, done.error_file_id!);
  t.deepEqual(
    errors.map((line) => [line.custom_id, line.response.status_code, line.error]),
    [
      ['task-1', 500, null],
      ['task-2', 400, null],
    ],
  );
  t.is(errors[0]!.response.body.error.type, 'server_error');
  t.like(errors[1]!.response.body.error, { code: 'invalid_prompt', message: 'Not this one.' });
});

test('a running batch is cancelled: cancelling at once, cancelled after its deployment’s cancelling time, with the lines done so far', async (t) => {
  const sim = await startTestSimulator(t, { clock: new ManualClock(), scenarios: scenarios() });
  const client = azureClient(sim);
  const batch = await createBatch(client, lines(4));
  await advanceClock(sim, 1000 + 5000);
  t.like(await client.batches.retrieve(batch.id), { status: 'in_progress', request_counts: { total: 4, completed: 2, failed: 0 } });
  const cancelling = await client.batches.cancel(batch.id);
  t.is(cancelling.status, 'cancelling');
  t.is(typeof cancelling.cancelling_at, 'number');
  await advanceClock(sim, 1999);
  t.is((await client.batches.retrieve(batch.id)).status, 'cancelling');
  await advanceClock(sim, HOUR);
  const cancelled = await client.batches.retrieve(batch.id);
  t.like(cancelled, { status: 'cancelled', request_counts: { total: 4, completed: 2, failed: 0 } });
  t.is(cancelled.cancelled_at, cancelling.cancelling_at! + 2);
  t.deepEqual(
    (await fileLines(client, cancelled.output_file_id!)).map((line) => line.custom_id),
    ['task-0', 'task-1'],
  );
  t.is((await client.batches.cancel(batch.id)).status, 'cancelled', 'a cancelled batch stays cancelled');
  const done = await createBatch(client, lines(1));
  await advanceClock(sim, HOUR);
  const refused = (await t.throwsAsync(client.batches.cancel(done.id))) as { status?: number };
  t.is(refused.status, 409, 'a completed batch cannot be cancelled');
});

test('a batch still in progress when its 24-hour window passes expires: the lines not answered go to the error file as batch_expired', async (t) => {
  const sim = await startTestSimulator(t, { clock: new ManualClock(), scenarios: scenarios({ inProgress: 40 * HOUR }) });
  const client = azureClient(sim);
  const batch = await createBatch(client, lines(4), { output_expires_after: { anchor: 'created_at', seconds: 7200 } });
  await advanceClock(sim, 24 * HOUR - 1);
  t.is((await client.batches.retrieve(batch.id)).status, 'in_progress');
  await advanceClock(sim, 1);
  const expired = await client.batches.retrieve(batch.id);
  t.like(expired, { status: 'expired', request_counts: { total: 4, completed: 2, failed: 2 } });
  t.is(expired.expired_at, batch.expires_at);
  t.deepEqual(
    (await fileLines(client, expired.output_file_id!)).map((line) => line.custom_id),
    ['task-0', 'task-1'],
  );
  const errors = await fileLines(client, expired.error_file_id!);
  t.deepEqual(
    errors.map((line) => [line.custom_id, line.response, line.error.code]),
    [
      ['task-2', null, 'batch_expired'],
      ['task-3', null, 'batch_expired'],
    ],
  );
  const output = await client.files.retrieve(expired.output_file_id!);
  t.is(output.expires_at, output.created_at + 7200, 'output_expires_after sets the output files’ expiry');
});

test('the enqueued-token quota: a batch past it fails with token_limit_exceeded, and the tokens are given back when a batch ends', async (t) => {
  const sim = await startTestSimulator(t, { clock: new ManualClock(), scenarios: scenarios({ enqueuedTokens: 30 }) });
  const client = azureClient(sim);
  const first = await createBatch(client, lines(2));
  await advanceClock(sim, 1000);
  t.is((await client.batches.retrieve(first.id)).status, 'in_progress');
  const second = await createBatch(client, lines(2));
  await advanceClock(sim, 1000);
  const refused = await client.batches.retrieve(second.id);
  t.is(refused.status, 'failed');
  t.deepEqual(refused.errors?.data, [
    {
      code: 'token_limit_exceeded',
      message:
        "The number of enqueued tokens has surpassed the configured limit of 30 for the deployment 'gpt-4o-batch'. Please either increase the limit or try again once the current jobs have finished.",
      line: null,
      param: null,
    },
  ]);
  await advanceClock(sim, HOUR);
  t.is((await client.batches.retrieve(first.id)).status, 'completed');
  const third = await createBatch(client, lines(2));
  await advanceClock(sim, HOUR);
  t.is((await client.batches.retrieve(third.id)).status, 'completed', 'the first batch’s tokens were given back');
});
