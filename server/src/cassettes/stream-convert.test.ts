import test from 'ava';
import { chatCompletion } from './fixtures.ts';
import { bodyToChunks, chunksToBody } from './stream-convert.ts';
import type { JsonValue } from './cassette-types.ts';

const events = (body: JsonValue, includeUsage = false) =>
  bodyToChunks('chat', body, { includeUsage }).map((chunk) =>
    chunk.data === '[DONE]' ? '[DONE]' : (JSON.parse(chunk.data) as Record<string, any>),
  );

test('a chat completion streams as the service frames it: annotations, role, content, finish, usage, [DONE]', (t) => {
  const body = chatCompletion('Hello there!');
  const stream = events(body, true);
  const [annotations, role, first, second, finish, usage, done] = stream as Record<string, any>[];
  t.is(stream.length, 7);
  t.deepEqual(annotations, { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: body.prompt_filter_results });
  t.deepEqual(role!.choices, [
    { content_filter_results: {}, delta: { content: '', refusal: null, role: 'assistant' }, finish_reason: null, index: 0, logprobs: null },
  ]);
  t.is(role!.object, 'chat.completion.chunk');
  t.is(role!.usage, null);
  t.deepEqual([first!.choices[0].delta, second!.choices[0].delta], [{ content: 'Hello' }, { content: ' there!' }]);
  t.deepEqual(first!.choices[0].content_filter_results, (body.choices as any)[0].content_filter_results);
  t.deepEqual(finish!.choices[0], { content_filter_results: {}, delta: {}, finish_reason: 'stop', index: 0, logprobs: null });
  t.deepEqual([usage!.choices, usage!.usage], [[], body.usage]);
  t.is(done as unknown, '[DONE]');
  // the service's key order: alphabetical
  t.deepEqual(Object.keys(role!), ['choices', 'created', 'id', 'model', 'object', 'system_fingerprint', 'usage']);
});

test('a stream and the body it adds up to convert into each other', (t) => {
  const body = chatCompletion('It is sunny in Paris, 24 °C.');
  t.deepEqual(chunksToBody('chat', bodyToChunks('chat', body, { includeUsage: true })), body);
  const { usage: _usage, ...withoutUsage } = body;
  t.deepEqual(chunksToBody('chat', bodyToChunks('chat', body)), withoutUsage, 'no usage chunk without include_usage');
});

test('tool calls stream as deltas by index and are assembled back, parallel calls included', (t) => {
  const body = chatCompletion('');
  const choice = (body.choices as any)[0];
  choice.finish_reason = 'tool_calls';
  choice.content_filter_results = {};
  choice.message = {
    annotations: [],
    content: null,
    refusal: null,
    role: 'assistant',
    tool_calls: [
      { function: { arguments: '{"location":"Paris"}', name: 'get_weather' }, id: 'call_1', type: 'function' },
      { function: { arguments: '{"location":"Oslo","unit":"celsius"}', name: 'get_weather' }, id: 'call_2', type: 'function' },
    ],
  };
  const stream = events(body) as Record<string, any>[];
  const deltas = stream.flatMap((chunk) => chunk.choices?.map((c: any) => c.delta.tool_calls).filter(Boolean) ?? []);
  t.deepEqual(deltas[0], [{ function: { arguments: '', name: 'get_weather' }, id: 'call_1', index: 0, type: 'function' }]);
  t.true(deltas.slice(1).some((calls: any[]) => calls[0].index === 1 && calls[0].id === undefined));
  const { usage: _usage, ...withoutUsage } = body;
  t.deepEqual(chunksToBody('chat', bodyToChunks('chat', body)), withoutUsage);
});

test('a recorded stream with interleaved choices and a content-filter finish assembles per choice', (t) => {
  const chunk = (choices: unknown[]) => ({
    offsetMs: 0,
    data: JSON.stringify({ choices, created: 1, id: 'chatcmpl-1', model: 'm', object: 'chat.completion.chunk' }),
  });
  const delta = (index: number, d: unknown, finish: string | null = null) => ({ delta: d, finish_reason: finish, index });
  const body = chunksToBody('chat', [
    chunk([delta(0, { role: 'assistant', content: '' })]),
    chunk([delta(1, { role: 'assistant', content: '' })]),
    chunk([delta(1, { content: 'B' })]),
    chunk([delta(0, { content: 'A' })]),
    chunk([delta(0, {}, 'stop')]),
    chunk([delta(1, {}, 'content_filter')]),
    { offsetMs: 0, data: '[DONE]' },
  ]);
  t.deepEqual(
    (body.choices as any[]).map((c) => [c.index, c.message.content, c.finish_reason]),
    [
      [0, 'A', 'stop'],
      [1, 'B', 'content_filter'],
    ],
  );
});

test('completions and the Responses API convert too; operations that do not stream say so', (t) => {
  const completion = {
    choices: [{ content_filter_results: {}, finish_reason: 'stop', index: 0, logprobs: null, text: 'Once upon a time' }],
    created: 1,
    id: 'cmpl-1',
    model: 'm',
    object: 'text_completion',
  };
  t.deepEqual(chunksToBody('completions', bodyToChunks('completions', completion)), completion);

  const response = {
    id: 'resp_1',
    object: 'response',
    status: 'completed',
    output: [
      {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Hi there', annotations: [] }],
      },
    ],
    usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
  };
  const stream = bodyToChunks('responses', response);
  t.deepEqual(
    stream.map((chunk) => chunk.event),
    [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ],
  );
  t.deepEqual(chunksToBody('responses', stream), response);

  t.throws(() => bodyToChunks('embeddings', { data: [] }), { message: /embeddings answers do not stream/ });
  t.throws(() => chunksToBody('chat', [{ offsetMs: 0, data: 'not json' }]), { message: /chunks\[0\] is not JSON/ });
});
