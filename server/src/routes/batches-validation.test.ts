import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import { toFile } from 'openai';
import type { Scenarios } from '../generated/scenarios.ts';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { fileSimulator } from '../test-support/simulator.ts';
import { advanceClock, chatLine, uploadBatchFile } from '../test-support/batch-files.ts';

const SCENARIOS: Scenarios = {
  server: { batches: { maxLines: 3 } },
  deployments: {
    'gpt-4o-batch': { model: 'gpt-4o-2024-08-06', sku: 'GlobalBatch', batch: { validating: 30_000 } },
    'mini-batch': { model: 'gpt-4o-mini-2024-07-18', sku: 'DataZoneBatch', batch: { validating: 30_000 } },
    'gpt-4o': { model: 'gpt-4o-2024-08-06', sku: 'GlobalStandard' },
  },
};
const sim = fileSimulator(test, { clock: new ManualClock(), scenarios: SCENARIOS });

/** Creates a batch of `lines`, lets it validate, and answers what it became. */
async function validated(lines: ReadonlyArray<Record<string, unknown> | string>, endpoint = '/chat/completions') {
  const client = azureClient(sim());
  const inputFileId = await uploadBatchFile(client, lines);
  const created = await client.batches.create({
    input_file_id: inputFileId,
    endpoint: endpoint as '/v1/chat/completions',
    completion_window: '24h',
  });
  await advanceClock(sim(), 30_000);
  return client.batches.retrieve(created.id);
}

const good = (id: string) => chatLine(id, 'gpt-4o-batch', 'hello');

const FAILURES: ReadonlyArray<
  [string, ReadonlyArray<Record<string, unknown> | string>, { code: string; line: number | null; param: string | null }]
> = [
  ['a line that is not JSON', [good('a'), '{"custom_id": "b", "method": "POST",'], { code: 'invalid_json_line', line: 2, param: null }],
  ['a line that is a JSON array', ['[1, 2]'], { code: 'invalid_json_line', line: 1, param: null }],
  ['a duplicate custom_id', [good('a'), good('b'), good('a')], { code: 'duplicate_custom_id', line: 3, param: 'custom_id' }],
  ['a missing custom_id', [good('a'), { ...good('x'), custom_id: undefined }], { code: 'invalid_request', line: 2, param: 'custom_id' }],
  ['a method other than POST', [{ ...good('a'), method: 'GET' }], { code: 'invalid_request', line: 1, param: 'method' }],
  ['a url other than the endpoint', [good('a'), { ...good('b'), url: '/embeddings' }], { code: 'url_mismatch', line: 2, param: 'url' }],
  ['a model no deployment has', [chatLine('a', 'nope', 'hi')], { code: 'model_not_found', line: 1, param: 'body.model' }],
  [
    'a deployment that is not a batch deployment',
    [chatLine('a', 'gpt-4o', 'hi')],
    { code: 'invalid_request', line: 1, param: 'body.model' },
  ],
  [
    'two batch deployments in one file',
    [good('a'), chatLine('b', 'mini-batch', 'hi')],
    { code: 'model_mismatch', line: 2, param: 'body.model' },
  ],
  [
    'more lines than server.batches.maxLines',
    [good('a'), good('b'), good('c'), good('d')],
    { code: 'too_many_tasks', line: null, param: null },
  ],
  ['an empty file', [''], { code: 'empty_file', line: null, param: null }],
];

for (const [what, lines, error] of FAILURES) {
  test.serial(`a batch with ${what} fails validation with ${error.code}`, async (t) => {
    const batch = await validated(lines);
    t.is(batch.status, 'failed');
    t.is(typeof batch.failed_at, 'number');
    t.is(batch.errors?.object, 'list');
    t.like(batch.errors?.data?.[0], error);
    t.is(typeof batch.errors?.data?.[0]?.message, 'string');
    t.true(batch.output_file_id === null);
  });
}

test.serial('a file of good lines passes validation, /chat/completions and /v1/chat/completions alike', async (t) => {
  const batch = await validated([good('a'), { ...good('b'), url: '/v1/chat/completions' }]);
  t.is(batch.status, 'in_progress');
  t.true(batch.errors === null);
});

test.serial(
  'a create is refused at once for an input file that is missing or not for batch, an endpoint or window the service does not take',
  async (t) => {
    const client = azureClient(sim());
    const refused = async (body: Record<string, unknown>) => {
      const error = (await t.throwsAsync(client.batches.create(body as never))) as { status?: number; error?: Record<string, unknown> };
      return { status: error.status, ...error.error };
    };
    const batchFile = await uploadBatchFile(client, [good('a')]);
    t.like(await refused({ input_file_id: 'file-nope', endpoint: '/chat/completions', completion_window: '24h' }), {
      status: 404,
      message: 'No such File object: file-nope',
      param: 'input_file_id',
    });
    const tuning = await client.files.create({ file: await toFile(Buffer.from('{}\n'), 'tune.jsonl'), purpose: 'fine-tune' });
    t.like(await refused({ input_file_id: tuning.id, endpoint: '/chat/completions', completion_window: '24h' }), {
      status: 400,
      param: 'input_file_id',
    });
    t.like(await refused({ input_file_id: batchFile, endpoint: '/images/generations', completion_window: '24h' }), {
      status: 400,
      param: 'endpoint',
      code: 'invalid_value',
    });
    t.like(await refused({ input_file_id: batchFile, endpoint: '/chat/completions', completion_window: '48h' }), {
      status: 400,
      param: 'completion_window',
    });
    t.like(await refused({ input_file_id: batchFile, endpoint: '/chat/completions' }), {
      status: 400,
      param: 'completion_window',
      code: 'missing_required_parameter',
    });
    t.like(await refused({ endpoint: '/chat/completions', completion_window: '24h' }), { status: 400, param: 'input_file_id' });
    t.like(
      await refused({
        input_file_id: batchFile,
        endpoint: '/chat/completions',
        completion_window: '24h',
        output_expires_after: { anchor: 'created_at', seconds: 60 },
      }),
      { status: 400, param: 'output_expires_after.seconds' },
    );
  },
);

test.serial('an unknown batch is 404 to retrieve and cancel; the dated routes need an api-version that has batches', async (t) => {
  const client = v1Client(sim());
  for (const call of [() => client.batches.retrieve('batch_nope'), () => client.batches.cancel('batch_nope')]) {
    const error = (await t.throwsAsync(call())) as { status?: number; error?: { message?: string } };
    t.is(error.status, 404);
    t.is(error.error?.message, 'No such Batch object: batch_nope');
  }
  const old = await fetch(`${sim().url}/openai/batches?api-version=2024-06-01`, { headers: { 'api-key': 'k' } });
  t.is(old.status, 400);
  const none = await fetch(`${sim().url}/openai/batches`, { headers: { 'api-key': 'k' } });
  t.is(none.status, 404);
  const stable = await fetch(`${sim().url}/openai/batches?api-version=2024-10-21`, { headers: { 'api-key': 'k' } });
  t.is(stable.status, 200);
  t.like(await stable.json(), { object: 'list' });
});

test.serial('an input file deleted before the batch validates fails it with invalid_request on input_file_id', async (t) => {
  const client = azureClient(sim());
  const inputFileId = await uploadBatchFile(client, [good('a')]);
  const created = await client.batches.create({ input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h' });
  await client.files.delete(inputFileId);
  await advanceClock(sim(), 30_000);
  const batch = await client.batches.retrieve(created.id);
  t.is(batch.status, 'failed');
  t.like(batch.errors?.data?.[0], { code: 'invalid_request', line: null, param: 'input_file_id' });
});
