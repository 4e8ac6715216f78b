import test from 'ava';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestSimulator } from '../test-support/simulator.ts';
import { nextEvent, sdkRealtimeClient } from '../test-support/realtime-sdk.ts';

const EXAMPLE = join(fileURLToPath(new URL('../../../scenarios/examples/', import.meta.url)), 'realtime-voice-agent.yaml');

test('the realtime voice agent example: a greeting, then a booking looked up through a tool and read back', async (t) => {
  const sim = await startTestSimulator(t, { tls: true, scenarios: EXAMPLE });
  const { rt, events } = await sdkRealtimeClient(sim, 'gpt-realtime', 'any');
  t.teardown(() => rt.close());
  await nextEvent(events, 'session.created');
  const tool = {
    type: 'function' as const,
    name: 'lookup_booking',
    parameters: { type: 'object', properties: { reference: { type: 'string' } } },
  };
  rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], tools: [tool] } });
  await nextEvent(events, 'session.updated');
  const say = async (text: string) => {
    const from = events.length;
    rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
    rt.send({ type: 'response.create' });
    return { done: await nextEvent(events, 'response.done', from), limits: await nextEvent(events, 'rate_limits.updated', from) };
  };

  const greeting = await say('Hi, is this the airline?');
  const greeted = greeting.done.response.output?.[0] as { content: Array<{ text: string }> };
  t.is(greeted.content[0]!.text, 'Hello, this is the booking desk. How can I help you today?');
  t.is(greeting.limits.rate_limits?.find((limit) => limit.name === 'tokens')?.limit, 100_000);

  const lookup = await say('Can you check my booking QX7R2B please?');
  const call = lookup.done.response.output?.[0] as { type: string; name: string; call_id: string; arguments: string };
  t.is(call.type, 'function_call');
  t.is(call.name, 'lookup_booking');
  t.deepEqual(JSON.parse(call.arguments), { reference: 'QX7R2B' });

  const from = events.length;
  const output = 'flight AZ 610 to Rome leaves at 09:10 from gate 12';
  rt.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id, output } });
  rt.send({ type: 'response.create' });
  const answered = await nextEvent(events, 'response.done', from);
  const answer = answered.response.output?.[0] as { content: Array<{ text: string }> };
  t.is(answer.content[0]!.text, `I found it: ${output}. Is there anything else?`);
});
