import test from 'ava';
import { recountO200k } from '../../test-support/recount.ts';
import { azureClient, PREVIEW_API_VERSION, v1Client } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  strict: true,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

test('responses.create on the dated route: a completed response with output_text and usage', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const response = await client.responses.create({ model: 'gpt-4o', input: 'Write a haiku about autumn.', instructions: 'Be brief.' });
  t.regex(response.id, /^resp_/);
  t.is(response.object, 'response');
  t.is(response.status, 'completed');
  t.is(response.model, 'gpt-4o-2024-08-06');
  t.is(response.instructions, 'Be brief.');
  t.true(response.output_text.length > 0);
  const message = response.output[0];
  t.is(message?.type, 'message');
  t.regex(message?.type === 'message' ? message.id : '', /^msg_/);
  t.is(response.usage?.output_tokens, recountO200k(response.output_text));
  t.is(response.usage?.total_tokens, (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));
});

test('responses on an api-version older than 2025-03-01-preview is refused', async (t) => {
  const sim = await startTestSimulator(t);
  const error = await t.throwsAsync(azureClient(sim, { apiVersion: '2024-10-21' }).responses.create({ model: 'gpt-4o', input: 'hi' }));
  t.is((error as { status?: number }).status, 400);
});

test('responses.stream delivers typed events the SDK accumulates into the final response', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const stream = client.responses.stream({ model: 'gpt-4o', input: 'Tell me about lighthouses.' });
  const types: string[] = [];
  let deltas = '';
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') deltas += event.delta;
  }
  const final = await stream.finalResponse();
  t.is(types[0], 'response.created');
  t.is(types[1], 'response.in_progress');
  t.is(types[types.length - 1], 'response.completed');
  t.true(types.includes('response.output_text.done'));
  t.is(final.output_text, deltas);
  t.is(final.status, 'completed');
});

test('responses with a function tool: a call, then an answer to its output via previous_response_id', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const first = await client.responses.create({ model: 'gpt-4o', input: 'What is the weather in Lisbon?', tools: [weatherTool] });
  const call = first.output.find((item) => item.type === 'function_call');
  t.truthy(call);
  if (call?.type !== 'function_call') return;
  t.is(call.name, 'get_weather');
  t.regex(call.call_id, /^call_/);
  t.is(typeof (JSON.parse(call.arguments) as { city: unknown }).city, 'string');

  const second = await client.responses.create({
    model: 'gpt-4o',
    previous_response_id: first.id,
    tools: [weatherTool],
    input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temperature":19}' }],
  });
  t.is(second.output[0]?.type, 'message');
  t.true(second.output_text.length > 0);
  t.is(second.previous_response_id, first.id);
});

test('responses.stream with a function call: argument deltas rebuild the arguments', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const stream = client.responses.stream({ model: 'gpt-4o', input: 'Weather in Oslo?', tools: [weatherTool], tool_choice: 'required' });
  let argumentDeltas = '';
  for await (const event of stream) if (event.type === 'response.function_call_arguments.delta') argumentDeltas += event.delta;
  const final = await stream.finalResponse();
  const call = final.output[0];
  t.is(call?.type, 'function_call');
  t.is(call?.type === 'function_call' ? call.arguments : '', argumentDeltas);
});

test('responses: an unknown previous_response_id is a 400, a stored response can be retrieved and deleted', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const missing = await t.throwsAsync(client.responses.create({ model: 'gpt-4o', input: 'x', previous_response_id: 'resp_nope' }));
  t.is((missing as { status?: number }).status, 400);
  const created = await client.responses.create({ model: 'gpt-4o', input: 'Remember me.' });
  const retrieved = await client.responses.retrieve(created.id);
  t.is(retrieved.id, created.id);
  t.is(retrieved.output_text, created.output_text);
  await client.responses.delete(created.id);
  await t.throwsAsync(client.responses.retrieve(created.id));
});

test('responses: max_output_tokens ends the response incomplete', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const response = await client.responses.create({ model: 'gpt-4o', input: 'Write a long essay about the sea.', max_output_tokens: 16 });
  t.is(response.status, 'incomplete');
  t.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
  t.is(response.usage?.output_tokens, 16);
});

test('responses: structured output with a json_schema text format', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  // not strict: Azure's strict mode refuses `minimum`, the non-strict one takes it (and the simulator keeps to it)
  const response = await client.responses.create({
    model: 'gpt-4o',
    input: 'Extract the event.',
    text: {
      format: {
        type: 'json_schema',
        name: 'event',
        strict: false,
        schema: {
          type: 'object',
          properties: { title: { type: 'string' }, attendees: { type: 'integer', minimum: 1 } },
          required: ['title', 'attendees'],
          additionalProperties: false,
        },
      },
    },
  });
  const value = JSON.parse(response.output_text) as { title: unknown; attendees: number };
  t.is(typeof value.title, 'string');
  t.true(Number.isInteger(value.attendees) && value.attendees >= 1);
});

test('responses on the v1 route with the plain OpenAI client, and on a deployment route', async (t) => {
  const sim = await startTestSimulator(t);
  const v1 = await v1Client(sim).responses.create({ model: 'gpt-4.1', input: 'Hello' });
  t.is(v1.model, 'gpt-4.1-2025-04-14');
  const response = await fetch(`${sim.url}/openai/deployments/gpt-4o/responses?api-version=${PREVIEW_API_VERSION}`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-3.5-turbo', input: [{ type: 'message', role: 'user', content: 'hi' }] }),
  });
  t.is(response.status, 200);
  t.is(((await response.json()) as { model: string }).model, 'gpt-4o-2024-08-06');
});

test('responses: the same request gets the same answer, whatever ids the simulator gave its items', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const ask = () => client.responses.create({ model: 'gpt-4o', input: 'Write a long essay about the sea.' });
  const first = await ask();
  const texts = [first.output_text];
  for (let i = 0; i < 4; i++) texts.push((await ask()).output_text);
  t.true(first.output_text.length > 0);
  t.deepEqual(new Set(texts).size, 1, 'one answer for one question');
  const next = (id: string) => client.responses.create({ model: 'gpt-4o', previous_response_id: id, input: 'And the mountains?' });
  t.is((await next(first.id)).output_text, (await next(first.id)).output_text, 'and one for one follow-up');
});
