import test from 'ava';
import OpenAI from 'openai';
import type { Scenarios } from '../generated/scenarios.ts';
import { v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { startWebhookReceiver, type ReceivedDelivery } from '../test-support/webhook-receiver.ts';

const scenarios: Scenarios = { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', latency: { ttft: 600_000, itl: 1000 } } } };

/**
 * A simulator with no configured endpoint, and the SDK twice: on the v1 routes for the responses, and on
 * `…/openai/v1/dashboard/` for `client.webhooks`, where the Azure how-to puts the webhook_endpoints routes.
 */
async function simulator(t: Parameters<typeof startTestSimulator>[0]) {
  const sim = await startTestSimulator(t, { scenarios });
  const dashboard = new OpenAI({ baseURL: `${sim.url}/openai/v1/dashboard/`, apiKey: 'test-key', maxRetries: 0 });
  const advance = (ms: number) =>
    fetch(`${sim.url}/__sim/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
    });
  /** A background response run to its end on the job clock, and the advance that waits for its deliveries. */
  const completeResponse = async () => {
    const created = await v1Client(sim).responses.create({ model: 'gpt-4o', input: 'Write a long essay about tides.', background: true });
    await advance(24 * 3600_000);
    await advance(0);
    return created.id;
  };
  return { sim, dashboard, completeResponse };
}

const unwrap = (delivery: ReceivedDelivery, secret: string) =>
  new OpenAI({ apiKey: 'unused' }).webhooks.unwrap(delivery.body, delivery.headers as Record<string, string>, secret);

test('an endpoint created through client.webhooks.create gets the events it lists, signed with the secret the create answered', async (t) => {
  const receiver = await startWebhookReceiver(t);
  const { dashboard, completeResponse } = await simulator(t);
  const created = await dashboard.webhooks.create({ name: 'app', url: receiver.url, event_types: ['response.completed'] });
  t.like(created, { name: 'app', url: receiver.url, event_types: ['response.completed'] });
  t.is((created as { object: string }).object, 'webhook.endpoint');
  t.regex(created.id, /^whe_[0-9a-f]{32}$/);
  t.regex(created.signing_secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  t.is(created.signing_secret_hint, `whsec_...${created.signing_secret.slice(-4)}`);

  const responseId = await completeResponse();
  t.is(receiver.received.length, 1);
  t.like(await unwrap(receiver.received[0]!, created.signing_secret), { type: 'response.completed', data: { id: responseId } });

  const retrieved = await dashboard.webhooks.retrieve(created.id);
  t.false('signing_secret' in retrieved, 'the secret is shown once');
  t.like(retrieved, { id: created.id, created_at: created.created_at, signing_secret_hint: created.signing_secret_hint });
});

test('an endpoint updated to other event types gets nothing more; a deleted one is gone and gets nothing', async (t) => {
  const receiver = await startWebhookReceiver(t);
  const { dashboard, completeResponse } = await simulator(t);
  const { id } = await dashboard.webhooks.create({ name: 'app', url: receiver.url, event_types: ['response.completed'] });
  await completeResponse();
  t.is(receiver.received.length, 1);

  const updated = await dashboard.webhooks.update(id, { name: 'batches only', event_types: ['batch.completed'] });
  t.like(updated, { id, name: 'batches only', event_types: ['batch.completed'], url: receiver.url });
  await completeResponse();
  t.is(receiver.received.length, 1, 'no longer sent response events');

  await dashboard.webhooks.update(id, { event_types: ['response.completed'] });
  t.like(await dashboard.webhooks.delete(id), { id, deleted: true, object: 'webhook_endpoint.deleted' });
  await completeResponse();
  t.is(receiver.received.length, 1, 'a deleted endpoint gets nothing');
  await t.throwsAsync(dashboard.webhooks.retrieve(id), { instanceOf: OpenAI.NotFoundError });
});

test('the list is newest first, paged by after and limit as the SDK iterates it', async (t) => {
  const { sim, dashboard } = await simulator(t);
  const ids = [];
  for (const name of ['one', 'two', 'three'])
    ids.push((await dashboard.webhooks.create({ name, url: 'https://example.com/hook', event_types: ['batch.completed'] })).id);
  const first = await dashboard.webhooks.list({ limit: 2 });
  t.deepEqual(
    first.data.map((endpoint) => endpoint.name),
    ['three', 'two'],
  );
  const raw = await (
    await fetch(`${sim.url}/openai/v1/dashboard/webhook_endpoints?limit=2&after=${ids[2]}`, { headers: { 'api-key': 'test-key' } })
  ).json();
  t.like(raw, { object: 'list', has_more: false, first_id: ids[1], last_id: ids[0] });
  const all = [];
  for await (const endpoint of dashboard.webhooks.list({ limit: 2 })) all.push(endpoint.id);
  t.deepEqual(all, [...ids].reverse());
  t.false(JSON.stringify(first.data).includes('"signing_secret"'), 'a list shows hints only');
});

test('bad requests get the service-shaped 400, an unknown id a 404', async (t) => {
  const { sim, dashboard } = await simulator(t);
  const bad = async (body: unknown, param: string) => {
    const error = await t.throwsAsync(dashboard.webhooks.create(body as OpenAI.Webhooks.WebhookCreateParams), {
      instanceOf: OpenAI.BadRequestError,
    });
    t.like(error.error, { type: 'invalid_request_error', param }, JSON.stringify(body));
  };
  await bad({ name: 'x', url: 'ftp://example.com/hook', event_types: ['batch.completed'] }, 'url');
  await bad({ name: 'x', url: 'not a url', event_types: ['batch.completed'] }, 'url');
  await bad({ name: 'x', event_types: ['batch.completed'] }, 'url');
  await bad({ name: 'x', url: 'https://example.com/hook', event_types: ['batch.finished'] }, 'event_types');
  await bad({ name: 'x', url: 'https://example.com/hook', event_types: [] }, 'event_types');
  await bad({ name: '', url: 'https://example.com/hook', event_types: ['batch.completed'] }, 'name');

  const { id } = await dashboard.webhooks.create({ name: 'x', url: 'https://example.com/hook', event_types: ['batch.completed'] });
  const secretChange = await t.throwsAsync(dashboard.webhooks.update(id, { signing_secret: 'whsec_x' } as object), {
    instanceOf: OpenAI.BadRequestError,
  });
  t.regex(secretChange.message, /signing_secret/);

  for (const call of [
    () => dashboard.webhooks.retrieve('whe_missing'),
    () => dashboard.webhooks.update('whe_missing', { name: 'y' }),
    () => dashboard.webhooks.delete('whe_missing'),
    () => dashboard.webhooks.rotateSecret('whe_missing'),
  ]) {
    const missing = await t.throwsAsync(call(), { instanceOf: OpenAI.NotFoundError });
    t.like(missing.error, { param: 'webhook_endpoint_id', type: 'invalid_request_error' });
  }
  const anonymous = await fetch(`${sim.url}/openai/v1/dashboard/webhook_endpoints`);
  t.is(anonymous.status, 401);
});

test('at most 100 endpoints are kept; a reset of the simulator keeps them, as the service keeps its settings', async (t) => {
  const { sim, dashboard } = await simulator(t);
  for (let i = 0; i < 100; i++)
    await dashboard.webhooks.create({ name: `e${i}`, url: 'https://example.com/hook', event_types: ['batch.completed'] });
  const over = await t.throwsAsync(
    dashboard.webhooks.create({ name: 'one more', url: 'https://example.com/hook', event_types: ['batch.completed'] }),
    {
      instanceOf: OpenAI.BadRequestError,
    },
  );
  t.regex(over.message, /100 webhook endpoints/);
  await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
  t.is((await dashboard.webhooks.list({ limit: 100 })).data.length, 100);
});

test('rotate_secret answers a new secret once; later deliveries verify with it and not with the old one', async (t) => {
  const receiver = await startWebhookReceiver(t);
  const { dashboard, completeResponse } = await simulator(t);
  const created = await dashboard.webhooks.create({ name: 'app', url: receiver.url, event_types: ['response.completed'] });
  const rotated = await dashboard.webhooks.rotateSecret(created.id);
  t.not(rotated.signing_secret, created.signing_secret);
  t.is(rotated.signing_secret_hint, `whsec_...${rotated.signing_secret.slice(-4)}`);
  await completeResponse();
  const [delivery] = receiver.received;
  t.like(await unwrap(delivery!, rotated.signing_secret), { type: 'response.completed' });
  await t.throwsAsync(unwrap(delivery!, created.signing_secret), { instanceOf: OpenAI.InvalidWebhookSignatureError });
});

test('webhooks.test sends a signed sample event and answers the receiver status; eventTypes.list names the types', async (t) => {
  const receiver = await startWebhookReceiver(t, (index) => (index === 0 ? 200 : 503));
  const { dashboard } = await simulator(t);
  const created = await dashboard.webhooks.create({ name: 'app', url: receiver.url, event_types: ['batch.completed'] });
  const result = await dashboard.webhooks.test(created.id, { event_type: 'batch.completed' });
  t.deepEqual(result, {
    object: 'webhook_endpoint.test',
    webhook_endpoint_id: created.id,
    event_type: 'batch.completed',
    status_code: 200,
    success: true,
  });
  t.like(await unwrap(receiver.received[0]!, created.signing_secret), { object: 'event', type: 'batch.completed' });
  t.is((await dashboard.webhooks.test(created.id, { event_type: 'batch.failed' })).status_code, 503);

  const types = await dashboard.webhooks.eventTypes.list();
  t.is(types.object, 'list');
  t.true(types.data.includes('response.completed') && types.data.includes('video.failed'));
});

test('rotate_secret keeping the old secret signs with both for 24 hours of the job clock, then with the new one only', async (t) => {
  const receiver = await startWebhookReceiver(t);
  const { dashboard, completeResponse } = await simulator(t);
  const created = await dashboard.webhooks.create({ name: 'app', url: receiver.url, event_types: ['response.completed'] });
  const rotated = await dashboard.webhooks.rotateSecret(created.id, { keep_old_secret_active_for_24_hours: true });
  // completeResponse advances the job clock a day: the first delivery is made within it, before the day is out
  await completeResponse();
  const [during] = receiver.received;
  t.like(await unwrap(during!, rotated.signing_secret), { type: 'response.completed' });
  t.like(await unwrap(during!, created.signing_secret), { type: 'response.completed' }, 'the old secret still verifies');
  await completeResponse();
  const after = receiver.received[1]!;
  t.like(await unwrap(after, rotated.signing_secret), { type: 'response.completed' });
  await t.throwsAsync(unwrap(after, created.signing_secret), { instanceOf: OpenAI.InvalidWebhookSignatureError });
  await t.throwsAsync(dashboard.webhooks.rotateSecret(created.id, { keep_old_secret_active_for_24_hours: 'yes' } as object), {
    instanceOf: OpenAI.BadRequestError,
  });
});
