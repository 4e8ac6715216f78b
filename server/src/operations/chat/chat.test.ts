import test from 'ava';
import { recountO200k } from '../../test-support/recount.ts';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { azureClient, PREVIEW_API_VERSION, v1Client } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

const recount = recountO200k;

/** The cookbook's rule, computed here independently of the simulator's code. */
function cookbookPromptTokens(messages: Array<{ role: string; content: string; name?: string }>): number {
  return (
    3 +
    messages.reduce(
      (sum, message) => sum + 3 + recount(message.role) + recount(message.content) + (message.name ? recount(message.name) + 1 : 0),
      0,
    )
  );
}

test('chat: a plain completion has the service shape, the snapshot model and usage a recount confirms', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const messages = [
    { role: 'system' as const, content: 'You are a helpful assistant.' },
    { role: 'user' as const, content: 'Tell me about the history of the bicycle.' },
  ];
  const { data: completion, response } = await client.chat.completions.create({ model: 'gpt-4o', messages }).withResponse();

  t.regex(completion.id, /^chatcmpl-[A-Za-z0-9]{29}$/);
  t.is(completion.object, 'chat.completion');
  t.is(completion.model, 'gpt-4o-2024-08-06');
  t.regex(completion.system_fingerprint ?? '', /^fp_[0-9a-f]{10}$/);
  t.true(Math.abs(completion.created - Date.now() / 1000) < 60);
  const [choice] = completion.choices;
  t.is(choice?.finish_reason, 'stop');
  t.is(choice?.message.role, 'assistant');
  t.regex(choice?.message.content ?? '', /^[A-Z].*[.!?]$/);
  t.is(completion.usage?.prompt_tokens, cookbookPromptTokens(messages));
  t.is(completion.usage?.completion_tokens, recount(choice?.message.content ?? ''));
  t.is(completion.usage?.total_tokens, (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
  t.deepEqual(completion.usage?.completion_tokens_details, {
    accepted_prediction_tokens: 0,
    audio_tokens: 0,
    reasoning_tokens: 0,
    rejected_prediction_tokens: 0,
  });

  t.is(response.headers.get('x-ms-deployment-name'), 'gpt-4o');
  t.is(response.headers.get('x-ms-region'), 'East US');
  t.truthy(response.headers.get('azureml-model-session'));
  t.is(response.headers.get('content-type'), 'application/json');
  t.regex(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});

test('chat: content filter annotations sit where the service puts them', async (t) => {
  const sim = await startTestSimulator(t);
  const response = await fetch(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
  });
  const body = (await response.json()) as Record<string, unknown> & { choices: Array<Record<string, unknown>> };
  const safe = { filtered: false, severity: 'safe' };
  t.deepEqual(body.prompt_filter_results, [
    {
      prompt_index: 0,
      content_filter_results: {
        hate: safe,
        jailbreak: { filtered: false, detected: false },
        self_harm: safe,
        sexual: safe,
        violence: safe,
      },
    },
  ]);
  t.deepEqual(body.choices[0]?.content_filter_results, { hate: safe, self_harm: safe, sexual: safe, violence: safe });
});

test('chat: the same request and seed give the same answer', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const ask = (seed: number) =>
    client.chat.completions.create({ model: 'gpt-4o', seed, messages: [{ role: 'user', content: 'Summarise the plot of Hamlet.' }] });
  const [a, b, c] = await Promise.all([ask(7), ask(7), ask(8)]);
  t.is(a.choices[0]?.message.content, b.choices[0]?.message.content);
  t.not(a.choices[0]?.message.content, c.choices[0]?.message.content);
});

test('chat: max_tokens cuts the answer at exactly that many tokens, with finish_reason length', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  for (const max_tokens of [1, 5, 17]) {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      max_tokens,
      messages: [{ role: 'user', content: 'Write an essay about rivers.' }],
    });
    t.is(completion.choices[0]?.finish_reason, 'length');
    t.is(completion.usage?.completion_tokens, max_tokens);
    t.is(recount(completion.choices[0]?.message.content ?? ''), max_tokens);
  }
});

test('chat: max_completion_tokens works from 2024-09-01-preview and is refused by older versions', async (t) => {
  const sim = await startTestSimulator(t);
  const preview = azureClient(sim, { deployment: 'gpt-4o', apiVersion: PREVIEW_API_VERSION });
  const completion = await preview.chat.completions.create({
    model: 'gpt-4o',
    max_completion_tokens: 3,
    messages: [{ role: 'user', content: 'Hello there' }],
  });
  t.is(completion.usage?.completion_tokens, 3);
  const old = azureClient(sim, { deployment: 'gpt-4o', apiVersion: '2024-06-01' });
  const error = await t.throwsAsync(
    old.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 3, messages: [{ role: 'user', content: 'Hello there' }] }),
  );
  t.is((error as { status?: number }).status, 400);
  t.is(error?.message, '400 Unrecognized request argument supplied: max_completion_tokens');
});

test('chat: a stop sequence ends the answer before it', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const base = await client.chat.completions.create({
    model: 'gpt-4o',
    seed: 3,
    messages: [{ role: 'user', content: 'Explain compilers.' }],
  });
  const text = base.choices[0]?.message.content ?? '';
  const word = text.split(' ')[3]!;
  const cut = await client.chat.completions.create({
    model: 'gpt-4o',
    seed: 3,
    stop: [word],
    messages: [{ role: 'user', content: 'Explain compilers.' }],
  });
  t.is(cut.choices[0]?.message.content, text.slice(0, text.indexOf(word)));
  t.is(cut.choices[0]?.finish_reason, 'stop');
});

test('chat: n choices are each answered and counted in usage', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    n: 3,
    messages: [{ role: 'user', content: 'Name a colour.' }],
  });
  t.deepEqual(
    completion.choices.map((choice) => choice.index),
    [0, 1, 2],
  );
  const total = completion.choices.reduce((sum, choice) => sum + recount(choice.message.content ?? ''), 0);
  t.is(completion.usage?.completion_tokens, total);
});

test('chat: logprobs cover every token, with top_logprobs alternatives in descending order', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    logprobs: true,
    top_logprobs: 3,
    messages: [{ role: 'user', content: 'Hi' }],
  });
  const choice = completion.choices[0]!;
  const content = choice.logprobs?.content ?? [];
  t.is(content.map((entry) => entry.token).join(''), choice.message.content ?? '');
  for (const entry of content) {
    t.is(entry.top_logprobs.length, 3);
    t.is(entry.top_logprobs[0]?.token, entry.token);
    t.true(entry.logprob <= 0);
    t.deepEqual(entry.bytes, [...Buffer.from(entry.token)]);
  }
});

test('chat streaming: preamble, role, content, finish and usage chunks, then [DONE]', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o', apiVersion: PREVIEW_API_VERSION });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Tell me a story.' }],
  });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  const [preamble, role, ...rest] = chunks;
  t.deepEqual(preamble?.choices, []);
  t.is((preamble as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results.length, 1);
  t.deepEqual(role?.choices[0]?.delta, { content: '', refusal: null, role: 'assistant' });
  const usageChunk = rest.pop()!;
  const finish = rest.pop()!;
  t.is(finish.choices[0]?.finish_reason, 'stop');
  t.deepEqual(finish.choices[0]?.delta, {});
  t.deepEqual(usageChunk.choices, []);
  const text = rest.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
  t.true(rest.length > 3);
  t.is(usageChunk.usage?.completion_tokens, recount(text));
  t.true(chunks.slice(1, -1).every((chunk) => chunk.usage === null));
  t.true(chunks.slice(1).every((chunk) => chunk.id === role?.id && chunk.model === 'gpt-4o-2024-08-06'));
});

test('chat streaming is byte-exact in framing', async (t) => {
  const sim = await startTestSimulator(t);
  const response = await fetch(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ stream: true, max_tokens: 4, messages: [{ role: 'user', content: 'hi' }] }),
  });
  t.is(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  t.is(response.headers.get('x-accel-buffering'), 'no');
  const raw = await response.text();
  t.true(raw.endsWith('\n\ndata: [DONE]\n\n'));
  const frames = raw.split('\n\n').filter(Boolean);
  t.true(frames.every((frame) => frame.startsWith('data: ') && !frame.includes('\n')));
  t.is(
    frames[0],
    'data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}]}',
  );
  t.regex(
    frames[1]!,
    /^data: \{"choices":\[\{"content_filter_results":\{\},"delta":\{"content":"","refusal":null,"role":"assistant"\},"finish_reason":null,"index":0,"logprobs":null\}\],"created":\d+,"id":"chatcmpl-[A-Za-z0-9]{29}","model":"gpt-4o-2024-08-06","object":"chat.completion.chunk","system_fingerprint":"fp_[0-9a-f]{10}"\}$/,
  );
  t.regex(frames[frames.length - 2]!, /"delta":\{\},"finish_reason":"length","index":0/);
});

test('chat tools: auto calls a tool with arguments valid for its parameters, then answers the tool result', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const tools = [
    {
      type: 'function' as const,
      function: {
        name: 'get_weather',
        description: 'Get the current weather for a city',
        parameters: {
          type: 'object',
          properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
          required: ['location', 'unit'],
          additionalProperties: false,
        },
      },
    },
  ];
  const messages: Parameters<typeof client.chat.completions.create>[0]['messages'] = [
    { role: 'user', content: 'What is the weather in Paris?' },
  ];
  const first = await client.chat.completions.create({ model: 'gpt-4o', messages, tools });
  const choice = first.choices[0]!;
  t.is(choice.finish_reason, 'tool_calls');
  t.is(choice.message.content, null);
  const call = choice.message.tool_calls?.[0];
  t.regex(call?.id ?? '', /^call_[A-Za-z0-9]{24}$/);
  t.is(call?.type, 'function');
  const args = JSON.parse(call?.type === 'function' ? call.function.arguments : '{}') as { location: unknown; unit: unknown };
  t.is(typeof args.location, 'string');
  t.true(['celsius', 'fahrenheit'].includes(args.unit as string));

  const second = await client.chat.completions.create({
    model: 'gpt-4o',
    tools,
    messages: [...messages, choice.message, { role: 'tool', tool_call_id: call!.id, content: '{"temperature": 21}' }],
  });
  t.is(second.choices[0]?.finish_reason, 'stop');
  t.truthy(second.choices[0]?.message.content);
});

test('chat tools: tool_choice none, required and a named function; parallel calls for several tools named', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o', apiVersion: PREVIEW_API_VERSION });
  const tool = (name: string, description: string) => ({
    type: 'function' as const,
    function: { name, description, parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } },
  });
  const tools = [tool('get_weather', 'Weather for a city'), tool('get_time', 'Current local time in a city')];
  const messages = [{ role: 'user' as const, content: 'What are the weather and the time in Oslo?' }];

  const none = await client.chat.completions.create({ model: 'gpt-4o', messages, tools, tool_choice: 'none' });
  t.is(none.choices[0]?.finish_reason, 'stop');
  t.is(none.choices[0]?.message.tool_calls, undefined);

  const named = await client.chat.completions.create({
    model: 'gpt-4o',
    messages,
    tools,
    tool_choice: { type: 'function', function: { name: 'get_time' } },
  });
  t.deepEqual(
    named.choices[0]?.message.tool_calls?.map((call) => (call.type === 'function' ? call.function.name : '')),
    ['get_time'],
  );
  t.is(named.choices[0]?.finish_reason, 'stop');

  const parallel = await client.chat.completions.create({ model: 'gpt-4o', messages, tools, tool_choice: 'required' });
  t.deepEqual(
    parallel.choices[0]?.message.tool_calls?.map((call) => (call.type === 'function' ? call.function.name : '')),
    ['get_weather', 'get_time'],
  );

  const single = await client.chat.completions.create({ model: 'gpt-4o', messages, tools, parallel_tool_calls: false });
  t.is(single.choices[0]?.message.tool_calls?.length, 1);
});

test('chat tools streamed: deltas carry the right index for parallel calls and rebuild valid arguments', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const tool = (name: string) => ({
    type: 'function' as const,
    function: {
      name,
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } },
        required: ['city', 'days'],
      },
    },
  });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o',
    stream: true,
    tools: [tool('weather_forecast'), tool('pollen_forecast')],
    messages: [{ role: 'user', content: 'Give me the weather forecast and the pollen forecast for Rome.' }],
  });
  const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
  let finish: string | null | undefined;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    finish = choice.finish_reason ?? finish;
    for (const delta of choice.delta.tool_calls ?? []) {
      const call = (calls[delta.index] ??= { arguments: '' });
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name = delta.function.name;
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  t.is(finish, 'tool_calls');
  t.deepEqual(
    calls.map((call) => call.name),
    ['weather_forecast', 'pollen_forecast'],
  );
  for (const call of calls) {
    const args = JSON.parse(call.arguments) as { city: unknown; days: number };
    t.is(typeof args.city, 'string');
    t.true(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7);
  }
});

test('chat structured output: the SDK zod helper parses a valid answer', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const CalendarEvent = z.object({ name: z.string(), date: z.string(), participants: z.array(z.string()) });
  const completion = await client.chat.completions.parse({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Alice and Bob are going to a science fair on Friday.' }],
    response_format: zodResponseFormat(CalendarEvent, 'event'),
  });
  const parsed = completion.choices[0]?.message.parsed;
  t.truthy(parsed);
  t.true(CalendarEvent.safeParse(parsed).success);
});

test('chat json_object mode answers a JSON object and needs the word json in the messages', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: 'Reply in JSON.' }],
  });
  const value: unknown = JSON.parse(completion.choices[0]?.message.content ?? '');
  t.true(value !== null && typeof value === 'object' && !Array.isArray(value));
  const error = await t.throwsAsync(
    client.chat.completions.create({
      model: 'gpt-4o',
      response_format: { type: 'json_object' },
      messages: [{ role: 'user', content: 'Reply.' }],
    }),
  );
  t.is((error as { status?: number }).status, 400);
});

test('chat on the v1 route with the plain OpenAI client', async (t) => {
  const sim = await startTestSimulator(t);
  const client = v1Client(sim);
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
  t.is(completion.model, 'gpt-4o-mini-2024-07-18');
  t.truthy(completion.choices[0]?.message.content);
});

test('chat on a reasoning model reports reasoning tokens and refuses max_tokens', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'o3-mini', apiVersion: PREVIEW_API_VERSION });
  const completion = await client.chat.completions.create({
    model: 'o3-mini',
    messages: [{ role: 'user', content: 'Prove there are infinitely many primes.' }],
  });
  const usage = completion.usage!;
  t.true((usage.completion_tokens_details?.reasoning_tokens ?? 0) > 0);
  t.is(
    usage.completion_tokens - (usage.completion_tokens_details?.reasoning_tokens ?? 0),
    recountO200k(completion.choices[0]?.message.content ?? ''),
  );
  const error = await t.throwsAsync(
    client.chat.completions.create({ model: 'o3-mini', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }),
  );
  t.is((error as { code?: string }).code, 'unsupported_parameter');
});

test('chat structured output: a schema that cannot be satisfied is a 400 naming it, never invalid JSON', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const error = await t.throwsAsync(
    client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'List things.' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'things',
          schema: { type: 'object', properties: { list: { type: 'array', minItems: 3, maxItems: 1 } }, required: ['list'] },
        },
      },
    }),
  );
  t.is((error as { status?: number }).status, 400);
  t.is((error as { param?: string }).param, 'response_format');
  t.regex((error as Error).message, /Invalid schema for response_format 'things'/);
});
