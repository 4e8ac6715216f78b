import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import type { RunningSimulator } from '../server.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { RawRealtimeClient } from '../test-support/realtime-client.ts';

const SCENARIOS = {
  deployments: {
    'gpt-4o-realtime-preview': { model: 'gpt-4o-realtime-preview-2024-12-17' },
    // a first token a minute away on a clock that only a test moves: a response stays in progress
    slow: { model: 'gpt-realtime-2025-08-28', latency: { ttft: 60_000, itl: 10 } },
  },
  scenarios: [
    {
      name: 'hello',
      match: { operation: 'realtime' as const, lastUserMessage: { contains: 'hello' } },
      respond: { content: 'Hi there, from a rule.' },
    },
  ],
};

async function previewSession(sim: RunningSimulator, deployment = 'gpt-4o-realtime-preview'): Promise<RawRealtimeClient> {
  const base = sim.url.replace('http', 'ws');
  const client = new RawRealtimeClient(`${base}/openai/realtime?api-version=2025-04-01-preview&deployment=${deployment}`, {
    headers: { 'api-key': 'k' },
  });
  await client.next('session.created');
  return client;
}

async function gaSession(sim: RunningSimulator, deployment: string): Promise<RawRealtimeClient> {
  const client = new RawRealtimeClient(`${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=${deployment}`, {
    headers: { 'api-key': 'k' },
  });
  await client.next('session.created');
  return client;
}

const HELLO = {
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
};

test('the preview route speaks the preview’s event names: conversation.item.created, response.text.delta', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const client = await previewSession(sim);
  t.teardown(() => client.close());
  client.send({ type: 'session.update', session: { modalities: ['text'] } });
  await client.next('session.updated');
  client.send({ ...HELLO, event_id: 'evt_1' });
  const created = await client.next('conversation.item.created');
  t.is((created.item as { role: string }).role, 'user');
  client.send({ type: 'response.create' });
  const done = await client.next('response.done');
  await client.next('rate_limits.updated');
  const types = client.types();
  t.false(types.includes('conversation.item.added'));
  t.false(types.includes('conversation.item.done'));
  t.false(types.includes('response.output_text.delta'));
  const text = client.events.filter((event) => event.type === 'response.text.delta').map((event) => event.delta);
  t.is(text.join(''), 'Hi there, from a rule.');
  t.truthy(client.events.find((event) => event.type === 'response.text.done'));
  const response = done.response as { status: string; output: Array<{ content: unknown }> };
  t.is(response.status, 'completed');
  t.deepEqual(response.output[0]!.content, [{ type: 'text', text: 'Hi there, from a rule.' }]);
});

test('bad events get an error event with the service’s codes, and the session stays open', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const client = await previewSession(sim);
  t.teardown(() => client.close());
  const errors = async (event: string) => {
    const from = client.events.length;
    client.socket.send(event);
    return (await client.next('error', from)).error as { type: string; code: string; param: string | null; event_id: string | null };
  };
  const notJson = await errors('{"type": "session.update"');
  t.is(notJson.type, 'invalid_request_error');
  t.is(notJson.code, 'invalid_json');
  const unknownType = await errors(JSON.stringify({ type: 'session.explode', event_id: 'evt_9' }));
  t.is(unknownType.code, 'invalid_value');
  t.is(unknownType.param, 'type');
  t.is(unknownType.event_id, 'evt_9');
  const missingItem = await errors(JSON.stringify({ type: 'conversation.item.create' }));
  t.is(missingItem.code, 'missing_required_parameter');
  t.is(missingItem.param, 'item');
  const unknownField = await errors(JSON.stringify({ type: 'session.update', session: { colour: 'blue' } }));
  t.is(unknownField.code, 'unknown_parameter');
  t.is(unknownField.param, 'session.colour');
  const noCancel = await errors(JSON.stringify({ type: 'response.cancel' }));
  t.is(noCancel.code, 'response_cancel_not_active');
  // still open: a turn after them is answered
  client.send(HELLO);
  client.send({ type: 'response.create' });
  t.is(((await client.next('response.done')).response as { status: string }).status, 'completed');
});

test('the GA session.update needs session.type: realtime', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const client = await gaSession(sim, 'slow');
  t.teardown(() => client.close());
  client.send({ type: 'session.update', session: { instructions: 'x' } });
  const error = (await client.next('error')).error as { code: string; param: string };
  t.is(error.code, 'missing_required_parameter');
  t.is(error.param, 'session.type');
});

test('response.cancel of a response in progress: response.done with status cancelled', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, clock });
  const client = await gaSession(sim, 'slow');
  t.teardown(() => client.close());
  client.send(HELLO);
  client.send({ type: 'response.create' });
  const created = await client.next('response.created');
  const id = (created.response as { id: string }).id;
  // a second response while one is in progress is refused
  client.send({ type: 'response.create' });
  t.is(((await client.next('error')).error as { code: string }).code, 'conversation_already_has_active_response');
  client.send({ type: 'response.cancel' });
  const done = (await client.next('response.done')).response as { id: string; status: string; status_details: unknown };
  t.is(done.id, id);
  t.is(done.status, 'cancelled');
  t.deepEqual(done.status_details, { type: 'cancelled', reason: 'client_cancelled' });
  t.false(client.types().includes('response.output_text.delta'));
});

test('the text is paced by the deployment’s latency model: nothing before the first token is due, all of it after', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, clock });
  const client = await gaSession(sim, 'slow');
  t.teardown(() => client.close());
  client.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
  await client.next('session.updated');
  client.send(HELLO);
  client.send({ type: 'response.create' });
  await client.next('response.created');
  t.false(client.types().includes('response.output_text.delta'));
  // the TTFT, then 10 ms a token for the few tokens of the rule's answer
  await clock.advance(60_000 + 1000);
  const done = (await client.next('response.done')).response as { status: string };
  t.is(done.status, 'completed');
  const text = client.events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta);
  t.true(text.length > 1);
  t.is(text.join(''), 'Hi there, from a rule.');
});
