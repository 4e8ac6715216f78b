import test from 'ava';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAI } from 'openai';
import { createApp } from '../../app.ts';
import { ManualClock } from '../../clock/index.ts';
import { resolveConfig } from '../../config/resolve-config.ts';
import { validateScenariosObject } from '../../config/validate-object.ts';
import type { Scenarios } from '../../generated/scenarios.ts';
import type { JobEvent } from '../../jobs/job-events.ts';
import type { JournalEntry } from '../../journal/index.ts';
import { createLogger } from '../../logger.ts';
import { parseExposition, sampleValue } from '../../metrics/parse-exposition.ts';
import { StateHolder } from '../../sim-state.ts';
import { advanceClock, chatLine, uploadBatchFile } from '../../test-support/batch-files.ts';
import { azureClient } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

const HOUR = 3600_000;

const SCENARIOS: Scenarios = {
  server: { batches: { maxKept: 2 } },
  deployments: {
    'gpt-4o-batch': { model: 'gpt-4o-2024-08-06', sku: 'GlobalBatch', batch: { enqueuedTokens: 5000, validating: 1000, inProgress: 1000 } },
    'gpt-4o': { model: 'gpt-4o-2024-08-06' },
  },
};

const create = async (client: OpenAI, count = 2) =>
  client.batches.create({
    input_file_id: await uploadBatchFile(
      client,
      Array.from({ length: count }, (_, i) => chatLine(`task-${i}`, 'gpt-4o-batch', `question ${i}`)),
    ),
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
  });

test('batch lines are in the journal under their batch; the metrics and /__sim/limits show the batch queue', async (t) => {
  const sim = await startTestSimulator(t, { clock: new ManualClock(), scenarios: SCENARIOS });
  const client = azureClient(sim);
  const batch = await create(client);
  await advanceClock(sim, 1000);

  const limits = (await (await fetch(`${sim.url}/__sim/limits`)).json()) as { deployments: Array<Record<string, any>> };
  const queue = limits.deployments.find((each) => each.deployment === 'gpt-4o-batch' || each.name === 'gpt-4o-batch');
  t.like(queue?.batch, { sku: 'GlobalBatch', enqueuedTokenLimit: 5000 });
  t.true(queue!.batch.enqueuedTokens > 0, 'the running batch holds its prompt tokens');
  const live = limits.deployments.find((each) => each.deployment === 'gpt-4o' || each.name === 'gpt-4o');
  t.is(live?.batch, undefined, 'a standard deployment has no batch queue');
  let metrics = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  t.is(sampleValue(metrics, 'aoai_sim_batches', { status: 'in_progress' }), 1);
  t.is(
    sampleValue(metrics, 'aoai_sim_batch_enqueued_tokens', { resource: 'default', deployment: 'gpt-4o-batch' }),
    queue!.batch.enqueuedTokens,
  );

  await advanceClock(sim, HOUR);
  const { entries } = (await (await fetch(`${sim.url}/__sim/journal?deployment=gpt-4o-batch`)).json()) as { entries: JournalEntry[] };
  t.deepEqual(
    entries.map((entry) => entry.batch),
    [
      { id: batch.id, customId: 'task-0' },
      { id: batch.id, customId: 'task-1' },
    ],
  );
  t.like(entries[0], { operation: 'chat', status: 200, path: '/openai/v1/chat/completions' });
  metrics = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  t.is(sampleValue(metrics, 'aoai_sim_batches', { status: 'completed' }), 1);
  t.is(sampleValue(metrics, 'aoai_sim_batch_lines_total', { outcome: 'completed' }), 2);
  t.is(sampleValue(metrics, 'aoai_sim_batch_enqueued_tokens', { resource: 'default', deployment: 'gpt-4o-batch' }), undefined);
  const after = (await (await fetch(`${sim.url}/__sim/limits`)).json()) as { deployments: Array<Record<string, any>> };
  t.is(after.deployments.find((each) => each.batch)?.batch.enqueuedTokens, 0, 'given back when the batch ends');
});

test('past server.batches.maxKept the oldest finished batch is forgotten, a running one never', async (t) => {
  const sim = await startTestSimulator(t, { clock: new ManualClock(), scenarios: SCENARIOS });
  const client = azureClient(sim);
  const first = await create(client);
  await advanceClock(sim, HOUR);
  const second = await create(client);
  const third = await create(client);
  const fourth = await create(client);
  const kept = (await client.batches.list()).data.map((batch) => batch.id);
  t.deepEqual(kept, [fourth.id, third.id, second.id], 'the finished one went; three running ones stay past the bound');
  t.is(((await t.throwsAsync(client.batches.retrieve(first.id))) as { status?: number }).status, 404);
  await advanceClock(sim, HOUR);
  await create(client);
  t.is((await client.batches.list()).data.length, 2);
});

test('a batch announces its end on the job events, under the resource it was created on', async (t) => {
  const clock = new ManualClock();
  const state = new StateHolder(
    resolveConfig(validateScenariosObject(SCENARIOS), { file: 'test', files: [], embeddedDefault: false }),
    undefined,
    {},
    clock,
  );
  const events: JobEvent[] = [];
  state.jobEvents.subscribe((event) => events.push(event));
  const server = createServer(createApp(state, createLogger({ level: 'silent', format: 'json' })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new OpenAI({ baseURL: `${url}/openai/v1/`, apiKey: 'k', maxRetries: 0 });

  const completed = await create(client);
  await state.jobs.advance(HOUR);
  const cancelled = await create(client);
  await client.batches.cancel(cancelled.id);
  await state.jobs.advance(HOUR);
  const failed = await client.batches.create({
    input_file_id: await uploadBatchFile(client, [chatLine('a', 'gpt-4o', 'not a batch deployment')]),
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
  });
  await state.jobs.advance(HOUR);
  t.deepEqual(
    events.map((event) => [event.type, event.id, event.resource]),
    [
      ['batch.completed', completed.id, 'default'],
      ['batch.cancelled', cancelled.id, 'default'],
      ['batch.failed', failed.id, 'default'],
    ],
  );
  t.true(events.every((event) => Number.isInteger(event.createdAt)));
});
