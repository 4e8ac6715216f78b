import test from 'ava';
import { startTestSimulator } from '../test-support/simulator.ts';
import { nextEvent, sdkRealtimeClient } from '../test-support/realtime-sdk.ts';
import type { Scenarios } from '../generated/scenarios.ts';

const SCENARIOS: Scenarios = {
  server: { auth: { apiKeys: ['right-key'] } },
  deployments: { 'gpt-realtime': { model: 'gpt-realtime-2025-08-28' } },
  scenarios: [
    {
      name: 'the tool result is read out',
      match: { operation: 'realtime', toolResultFor: '*' },
      respond: { content: 'It is 21 degrees in Paris.' },
    },
    {
      name: 'weather asks the tool',
      match: { operation: 'realtime', lastUserMessage: { contains: 'weather' } },
      respond: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
    },
    {
      name: 'hello',
      match: { operation: 'realtime', lastUserMessage: { contains: 'hello' } },
      respond: { content: 'Hi there, from a rule.' },
    },
  ],
};

test('a text turn with the official client over wss: the events in the GA order, the rule’s answer, the usage', async (t) => {
  const sim = await startTestSimulator(t, { tls: true, scenarios: SCENARIOS });
  const { rt, events } = await sdkRealtimeClient(sim);
  t.teardown(() => rt.close());
  await nextEvent(events, 'session.created');
  rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], instructions: 'Be brief.' } });
  const updated = await nextEvent(events, 'session.updated');
  t.is((updated.session as { instructions?: string }).instructions, 'Be brief.');
  rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] } });
  rt.send({ type: 'response.create' });
  const done = await nextEvent(events, 'response.done');
  await nextEvent(events, 'rate_limits.updated');
  const types = events.map((event) => event.type);
  const from = types.indexOf('response.created');
  t.deepEqual(
    types.slice(from).filter((type) => type !== 'response.output_text.delta'),
    [
      'response.created',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
      'rate_limits.updated',
    ],
  );
  t.true(types.slice(0, from).includes('conversation.item.added'));
  const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
  t.true(deltas.length > 1);
  t.is(deltas.join(''), 'Hi there, from a rule.');
  t.is(done.response.status, 'completed');
  t.true((done.response.usage?.input_tokens ?? 0) > 0);
  t.true((done.response.usage?.output_tokens ?? 0) > 0);
  const item = done.response.output?.[0] as { type: string; role: string; content: Array<{ type: string; text: string }> };
  t.is(item.role, 'assistant');
  t.deepEqual(item.content, [{ type: 'output_text', text: 'Hi there, from a rule.' }]);
});

test('a function-call loop with the official client: the rule’s tool call, the tool result, the rule’s answer to it', async (t) => {
  const sim = await startTestSimulator(t, { tls: true, scenarios: SCENARIOS });
  const { rt, events } = await sdkRealtimeClient(sim);
  t.teardown(() => rt.close());
  await nextEvent(events, 'session.created');
  const tool = { type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
  rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], tools: [tool] } });
  await nextEvent(events, 'session.updated');
  rt.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'what is the weather?' }] },
  });
  rt.send({ type: 'response.create' });
  const called = await nextEvent(events, 'response.done');
  const args = await nextEvent(events, 'response.function_call_arguments.done');
  t.is(args.name, 'get_weather');
  t.deepEqual(JSON.parse(args.arguments), { city: 'Paris' });
  const pieces = events.flatMap((event) => (event.type === 'response.function_call_arguments.delta' ? [event.delta] : []));
  t.is(pieces.join(''), args.arguments);
  const call = called.response.output?.[0] as { type: string; call_id: string; name: string; arguments: string; status: string };
  t.is(call.type, 'function_call');
  t.is(call.call_id, args.call_id);
  t.is(call.status, 'completed');

  const from = events.length;
  rt.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id, output: '{"celsius": 21}' } });
  rt.send({ type: 'response.create' });
  const answered = await nextEvent(events, 'response.done', from);
  const item = answered.response.output?.[0] as { content: Array<{ text: string }> };
  t.is(item.content[0]!.text, 'It is 21 degrees in Paris.');
});
