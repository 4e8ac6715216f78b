// Valid request bodies, one builder per JSON operation, in the shapes the SDKs send (the starting point of a mutation).
import type { Draw } from './draw.ts';

const WORDS = ['weather', 'order 42', 'json', 'hello', 'Paris', 'refund', 'summarise this', 'tool', 'password reset', '你好', 'émigré'];

function sentence(draw: Draw): string {
  return Array.from({ length: draw.int(1, 12) }, () => draw.pick(WORDS)).join(' ');
}

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
      required: ['location'],
    },
  },
};

const ANSWER_SCHEMA = {
  type: 'object',
  properties: { answer: { type: 'string' }, score: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } },
  required: ['answer', 'score', 'tags'],
  additionalProperties: false,
};

/** Chat completions: messages of every role, tools, structured outputs, streaming and its usage chunk. */
export function chatBody(draw: Draw): Record<string, unknown> {
  const messages: unknown[] = [];
  if (draw.chance(0.5)) messages.push({ role: draw.pick(['system', 'developer']), content: sentence(draw) });
  messages.push({ role: 'user', content: draw.chance(0.8) ? sentence(draw) : [{ type: 'text', text: sentence(draw) }] });
  if (draw.chance(0.3)) {
    messages.push({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }],
    });
    messages.push({ role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' });
  }
  const body: Record<string, unknown> = { messages };
  if (draw.chance(0.3)) body.model = 'gpt-4o';
  if (draw.chance(0.3)) body.max_tokens = draw.int(1, 200);
  if (draw.chance(0.2)) body.temperature = draw.pick([0, 0.7, 1, 2]);
  if (draw.chance(0.2)) body.n = draw.int(1, 3);
  if (draw.chance(0.2)) body.seed = draw.int(0, 1000);
  if (draw.chance(0.15)) body.stop = draw.pick(['.', ['\n', 'end']]);
  if (draw.chance(0.1)) Object.assign(body, { logprobs: true, top_logprobs: draw.int(0, 5) });
  if (draw.chance(0.2)) body.user = `user-${draw.word()}`;
  if (draw.chance(0.35)) {
    body.stream = true;
    if (draw.chance(0.5)) body.stream_options = { include_usage: true };
  }
  if (draw.chance(0.3)) {
    body.tools = [WEATHER_TOOL];
    if (draw.chance(0.5))
      body.tool_choice = draw.pick(['auto', 'required', 'none', { type: 'function', function: { name: 'get_weather' } }]);
  } else if (draw.chance(0.2)) {
    body.response_format = draw.chance(0.7)
      ? { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: ANSWER_SCHEMA } }
      : { type: 'json_object' };
    (messages[messages.length - 1] as { content: unknown }).content = 'answer in json please';
  }
  return body;
}

/** Legacy completions. */
export function completionsBody(draw: Draw): Record<string, unknown> {
  const body: Record<string, unknown> = { prompt: draw.chance(0.8) ? sentence(draw) : [sentence(draw), sentence(draw)] };
  if (draw.chance(0.4)) body.max_tokens = draw.int(1, 100);
  if (draw.chance(0.2)) body.n = draw.int(1, 3);
  if (draw.chance(0.1)) body.echo = true;
  if (draw.chance(0.1)) body.logprobs = draw.int(0, 5);
  if (draw.chance(0.1)) body.best_of = draw.int(1, 3);
  if (draw.chance(0.3)) body.stream = true;
  return body;
}

/** Embeddings: a string, strings, or token arrays, in float or base64. */
export function embeddingsBody(draw: Draw): Record<string, unknown> {
  const input = draw.weighted<() => unknown>([
    [3, () => sentence(draw)],
    [2, () => Array.from({ length: draw.int(1, 8) }, () => sentence(draw))],
    [1, () => Array.from({ length: draw.int(1, 50) }, () => draw.int(0, 50_000))],
    [
      1,
      () => [
        [1, 2, 3],
        [4, 5],
      ],
    ],
  ])();
  const body: Record<string, unknown> = { input };
  if (draw.chance(0.6)) body.encoding_format = draw.pick(['float', 'base64']);
  if (draw.chance(0.2)) body.dimensions = draw.pick([8, 256, 512, 1536]);
  return body;
}

/** Image generations. */
export function imagesBody(draw: Draw): Record<string, unknown> {
  const body: Record<string, unknown> = { prompt: sentence(draw) };
  if (draw.chance(0.6)) body.size = draw.pick(['1024x1024', '1792x1024', '1024x1792', '256x256']);
  if (draw.chance(0.5)) body.response_format = draw.pick(['url', 'b64_json']);
  if (draw.chance(0.3)) body.quality = draw.pick(['standard', 'hd']);
  if (draw.chance(0.3)) body.style = draw.pick(['vivid', 'natural']);
  if (draw.chance(0.2)) body.n = 1;
  return body;
}

/** Text to speech. */
export function speechBody(draw: Draw): Record<string, unknown> {
  const body: Record<string, unknown> = { input: sentence(draw), voice: draw.pick(['alloy', 'echo', 'nova', 'shimmer']) };
  if (draw.chance(0.5)) body.response_format = draw.pick(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']);
  if (draw.chance(0.3)) body.speed = draw.pick([0.25, 1, 4]);
  if (draw.chance(0.3)) body.model = 'tts-1';
  return body;
}

/** The Responses API: a string or items, instructions, tools, streaming, and chains through previous_response_id. */
export function responsesBody(draw: Draw, model: string, previousIds: readonly string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    input: draw.chance(0.6) ? sentence(draw) : [{ role: 'user', content: [{ type: 'input_text', text: sentence(draw) }] }],
  };
  if (draw.chance(0.3)) body.instructions = sentence(draw);
  if (draw.chance(0.3)) body.stream = true;
  if (draw.chance(0.3)) body.max_output_tokens = draw.int(16, 200);
  if (draw.chance(0.2)) body.store = draw.chance(0.5);
  if (draw.chance(0.2)) body.tools = [{ type: 'function', name: 'get_weather', parameters: WEATHER_TOOL.function.parameters }];
  if (draw.chance(0.15)) body.text = { format: { type: 'json_schema', name: 'answer', strict: true, schema: ANSWER_SCHEMA } };
  if (draw.chance(0.3) && previousIds.length > 0) body.previous_response_id = draw.pick(previousIds);
  else if (draw.chance(0.05)) body.previous_response_id = `resp_${draw.word(10, 48)}`;
  if (draw.chance(0.1)) body.metadata = { team: draw.word() };
  return body;
}
