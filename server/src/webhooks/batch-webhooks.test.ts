import test from 'ava';
import OpenAI from 'openai';
import type { Scenarios } from '../generated/scenarios.ts';
import { advanceClock, chatLine, uploadBatchFile } from '../test-support/batch-files.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { startWebhookReceiver, WEBHOOK_SECRET, type ReceivedDelivery } from '../test-support/webhook-receiver.ts';

const judge = new OpenAI({ apiKey: 'unused', webhookSecret: WEBHOOK_SECRET });
const unwrap = (delivery: ReceivedDelivery) => judge.webhooks.unwrap(delivery.body, delivery.headers as Record<string, string>);

test('a batch that completes, and one that is cancelled, are announced to the webhook endpoint, and webhooks.unwrap verifies both', async (t) => {
  const receiver = await startWebhookReceiver(t);
  const scenarios: Scenarios = {
    deployments: {
      'gpt-4o-batch': { model: 'gpt-4o-2024-08-06', sku: 'GlobalBatch', batch: { validating: 1000, inProgress: 60_000, finalizing: 1000 } },
    },
    webhooks: { endpoints: [{ url: receiver.url, secret: WEBHOOK_SECRET, events: ['batch.completed', 'batch.cancelled'] }] },
  };
  const sim = await startTestSimulator(t, { scenarios });
  const client = azureClient(sim);
  const create = async () =>
    client.batches.create({
      input_file_id: await uploadBatchFile(client, [chatLine('task-0', 'gpt-4o-batch', 'Say hello')]),
      endpoint: '/chat/completions' as '/v1/chat/completions',
      completion_window: '24h',
    });

  const completing = await create();
  await advanceClock(sim, 3600_000);
  const done = await client.batches.retrieve(completing.id);
  t.is(done.status, 'completed');
  t.like(await unwrap(await receiver.delivery(0)), {
    type: 'batch.completed',
    data: { id: completing.id },
    created_at: done.completed_at!,
  });

  const cancelled = await create();
  await advanceClock(sim, 2000);
  await client.batches.cancel(cancelled.id);
  await advanceClock(sim, 3600_000);
  t.is((await client.batches.retrieve(cancelled.id)).status, 'cancelled');
  t.like(await unwrap(await receiver.delivery(1)), { type: 'batch.cancelled', data: { id: cancelled.id } });
  t.is(receiver.received.length, 2, 'each end announced once');
});
