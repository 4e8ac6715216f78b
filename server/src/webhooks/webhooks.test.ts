import test from 'ava';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { Scenarios } from '../generated/scenarios.ts';
import { parseExposition, sampleValue } from '../metrics/parse-exposition.ts';
import { v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';
import { startWebhookReceiver, WEBHOOK_SECRET, type ReceivedDelivery } from '../test-support/webhook-receiver.ts';
import type { WebhookAttempt } from './attempt-log.ts';

/** The judge: the openai SDK's own verification, as the service's docs tell a receiver to run it. */
const judge = new OpenAI({ apiKey: 'unused', webhookSecret: WEBHOOK_SECRET });
const unwrap = (delivery: ReceivedDelivery) => judge.webhooks.unwrap(delivery.body, delivery.headers as Record<string, string>);

/** A simulator whose gpt-4o takes ten minutes to its first token, delivering response events to `url`. */
async function simulatorFor(t: Parameters<typeof startTestSimulator>[0], url: string) {
  const scenarios: Scenarios = {
    deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', latency: { ttft: 600_000, itl: 1000 } } },
    webhooks: {
      endpoints: [{ name: 'app', url, secret: WEBHOOK_SECRET, events: ['response.completed', 'response.cancelled'] }],
      retryDelaysSeconds: [60],
    },
  };
  const sim = await startTestSimulator(t, { scenarios });
  const control = async (path: string, init?: RequestInit) => (await fetch(`${sim.url}/__sim${path}`, init)).json();
  const advance = (ms: number) =>
    control('/clock/advance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms }) });
  const attempts = async (query = '') => ((await control(`/webhooks/deliveries${query}`)) as { data: WebhookAttempt[] }).data;
  return { sim, client: v1Client(sim), advance, attempts };
}

test('a background response that completes on the job clock is delivered to the webhook endpoint, and webhooks.unwrap verifies it', async (t) => {
  const receiver = await startWebhookReceiver(t);
  const { sim, client, advance, attempts } = await simulatorFor(t, receiver.url);
  const created = await client.responses.create({ model: 'gpt-4o', input: 'Write a long essay about tides.', background: true });
  t.is(receiver.received.length, 0);

  await advance(24 * 3600_000);
  const event = await unwrap(await receiver.delivery(0));
  const done = await client.responses.retrieve(created.id);
  t.like(event, { object: 'event', type: 'response.completed', data: { id: created.id }, created_at: done.completed_at! });
  t.is(receiver.received[0]!.headers['content-type'], 'application/json');

  // an advance waits for every job in flight: the attempt is listed once it has run
  await advance(0);
  t.like(await attempts(`?id=${created.id}`), [{ attempt: 1, outcome: 'delivered', status: 200, event: { type: 'response.completed' } }]);
  const metrics = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  t.is(sampleValue(metrics, 'aoai_sim_webhook_attempts_total', { outcome: 'delivered' }), 1);
  await advance(24 * 3600_000);
  t.is(receiver.received.length, 1, 'delivered once');

  // a reset forgets the attempts listed; the metric keeps counting, as counters do
  await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
  t.deepEqual(await attempts(), []);
});

test('a cancelled background response is announced at once; a receiver answering 500 gets it again after advanceClock', async (t) => {
  const receiver = await startWebhookReceiver(t, (index) => (index === 0 ? 500 : 204));
  const { client, advance, attempts } = await simulatorFor(t, receiver.url);
  const created = await client.responses.create({ model: 'gpt-4o', input: 'Count slowly to a hundred.', background: true });
  await advance(600_000);
  await client.responses.cancel(created.id);

  const first = await receiver.delivery(0);
  t.like(await unwrap(first), { type: 'response.cancelled', data: { id: created.id } });
  await advance(0);
  t.like(await attempts(), [{ attempt: 1, outcome: 'failed', status: 500 }]);

  await advance(30_000);
  t.is(receiver.received.length, 1, 'the retry waits for its delay on the job clock');
  await advance(30_000);
  const second = await receiver.delivery(1);
  t.like(await unwrap(second), { type: 'response.cancelled', data: { id: created.id } });
  t.is(second.headers['webhook-id'], first.headers['webhook-id'], 'a retry is the same message');
  await advance(0);
  t.like(await attempts(), [
    { attempt: 1, outcome: 'failed' },
    { attempt: 2, outcome: 'delivered', status: 204 },
  ]);
  await advance(24 * 3600_000);
  t.is(receiver.received.length, 2, 'the cancelled run never announces a completion');
});

test('webhook endpoints come from the scenarios file: a secret that is not whsec_ base64 is refused, and the config shows none', async (t) => {
  const endpoint = { url: 'http://127.0.0.1:9/webhook', secret: 'hunter2', events: ['batch.completed'] as ['batch.completed'] };
  const refused = await t.throwsAsync(startTestSimulator(t, { scenarios: { webhooks: { endpoints: [endpoint] } } }));
  t.regex(refused.message, /\/webhooks\/endpoints\/0\/secret/);

  const root = await tempTree(t, {
    'scenarios.yaml': yaml`
      webhooks:
        endpoints:
          - url: http://127.0.0.1:9/webhook
            secret: \${HOOK_SECRET}
            events: [batch.completed]
    `,
  });
  const sim = await startTestSimulator(t, { scenarios: join(root, 'scenarios.yaml'), env: { HOOK_SECRET: WEBHOOK_SECRET }, watch: false });
  const shown = (await (await fetch(`${sim.url}/__sim/config`)).json()) as { scenarios: { webhooks: { endpoints: { secret: string }[] } } };
  t.is(shown.scenarios.webhooks.endpoints[0]!.secret, '***');
});
