import type { JsonValue, RecordedChunk } from './cassette-types.ts';
import {
  asArray,
  asObject,
  isObject,
  parseChunks,
  splitArguments,
  splitPieces,
  toChunks,
  type JsonObject,
  type ToChunksOptions,
} from './stream-pieces.ts';

/**
 * The stream a chat completion would have been sent as (aoai-protocol.md §4): the prompt-annotation chunk,
 * then per choice a role chunk, content (or refusal) pieces, tool-call deltas with their index, a finish chunk;
 * the usage chunk when asked; `[DONE]`. Keys are in the service's alphabetical order. Per-token logprobs
 * cannot be split back onto pieces and are sent as null.
 */
export function chatBodyToChunks(body: JsonObject, options: ToChunksOptions = {}): RecordedChunk[] {
  const { includeUsage = false, durationMs = 0 } = options;
  const chunk = (choices: JsonValue[], usage?: JsonValue): JsonObject => ({
    choices,
    created: body.created ?? 0,
    id: body.id ?? '',
    model: body.model ?? '',
    object: 'chat.completion.chunk',
    ...(body.system_fingerprint === undefined ? {} : { system_fingerprint: body.system_fingerprint }),
    ...(includeUsage ? { usage: usage ?? null } : {}),
  });
  const delta = (index: JsonValue, fields: JsonObject, filter: JsonValue = {}, finish: JsonValue = null): JsonObject => ({
    content_filter_results: filter,
    delta: fields,
    finish_reason: finish,
    index,
    logprobs: null,
  });

  const events: JsonObject[] = [];
  if (body.prompt_filter_results !== undefined) {
    events.push({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: body.prompt_filter_results });
  }
  for (const choice of asArray(body.choices).filter(isObject)) {
    const index = choice.index ?? 0;
    const message = asObject(choice.message);
    const filter = choice.content_filter_results ?? {};
    events.push(chunk([delta(index, { content: '', refusal: null, role: message.role ?? 'assistant' })]));
    for (const field of ['content', 'refusal'] as const) {
      const text = message[field];
      if (typeof text === 'string') for (const piece of splitPieces(text)) events.push(chunk([delta(index, { [field]: piece }, filter)]));
    }
    for (const [position, call] of asArray(message.tool_calls).filter(isObject).entries()) {
      const fn = asObject(call.function);
      const opening = {
        function: { arguments: '', name: fn.name ?? '' },
        id: call.id ?? '',
        index: position,
        type: call.type ?? 'function',
      };
      events.push(chunk([delta(index, { tool_calls: [opening] })]));
      for (const piece of splitArguments(typeof fn.arguments === 'string' ? fn.arguments : '')) {
        events.push(chunk([delta(index, { tool_calls: [{ function: { arguments: piece }, index: position }] })]));
      }
    }
    events.push(chunk([delta(index, {}, {}, choice.finish_reason ?? 'stop')]));
  }
  if (includeUsage && body.usage !== undefined) events.push(chunk([], body.usage));
  return toChunks(
    events.map((data) => ({ data })),
    durationMs,
    true,
  );
}

interface ChoiceParts {
  index: JsonValue;
  role: JsonValue;
  content: string | undefined;
  refusal: string | undefined;
  toolCalls: Map<number, { id: JsonValue; type: JsonValue; name: string; arguments: string }>;
  finish: JsonValue;
  filter: JsonValue;
  logprobs: JsonValue[] | undefined;
}

/**
 * The chat completion a recorded stream adds up to: content and refusal joined, tool calls assembled by their
 * index, the last finish_reason and content-filter verdict of each choice, usage when the stream carried it.
 * Throws when an event is not JSON.
 */
export function chatChunksToBody(chunks: readonly RecordedChunk[]): JsonObject {
  const choices = new Map<number, ChoiceParts>();
  const head: JsonObject = {};
  let promptFilter: JsonValue[] | undefined;
  let usage: JsonValue | undefined;
  for (const { data } of parseChunks(chunks)) {
    if (Array.isArray(data.prompt_filter_results)) promptFilter = [...(promptFilter ?? []), ...data.prompt_filter_results];
    if (isObject(data.usage)) usage = data.usage;
    if (typeof data.id === 'string' && data.id !== '' && head.id === undefined) {
      for (const field of ['created', 'id', 'model', 'system_fingerprint']) if (data[field] !== undefined) head[field] = data[field];
    }
    for (const choice of asArray(data.choices).filter(isObject)) {
      const index = typeof choice.index === 'number' ? choice.index : 0;
      let parts = choices.get(index);
      if (!parts) {
        parts = {
          index,
          role: 'assistant',
          content: undefined,
          refusal: undefined,
          toolCalls: new Map(),
          finish: null,
          filter: {},
          logprobs: undefined,
        };
        choices.set(index, parts);
      }
      addDelta(parts, choice);
    }
  }
  return {
    choices: [...choices.values()].sort((a, b) => Number(a.index) - Number(b.index)).map(choiceBody),
    created: head.created ?? 0,
    id: head.id ?? '',
    model: head.model ?? '',
    object: 'chat.completion',
    ...(promptFilter === undefined ? {} : { prompt_filter_results: promptFilter }),
    ...(head.system_fingerprint === undefined ? {} : { system_fingerprint: head.system_fingerprint }),
    ...(usage === undefined ? {} : { usage }),
  };
}

function addDelta(parts: ChoiceParts, choice: JsonObject): void {
  const delta = asObject(choice.delta);
  if (typeof delta.role === 'string') parts.role = delta.role;
  if (typeof delta.content === 'string') parts.content = (parts.content ?? '') + delta.content;
  if (typeof delta.refusal === 'string') parts.refusal = (parts.refusal ?? '') + delta.refusal;
  for (const call of asArray(delta.tool_calls).filter(isObject)) {
    const at = typeof call.index === 'number' ? call.index : parts.toolCalls.size;
    const known = parts.toolCalls.get(at) ?? { id: null, type: 'function', name: '', arguments: '' };
    const fn = asObject(call.function);
    if (typeof call.id === 'string') known.id = call.id;
    if (typeof call.type === 'string') known.type = call.type;
    if (typeof fn.name === 'string') known.name += fn.name;
    if (typeof fn.arguments === 'string') known.arguments += fn.arguments;
    parts.toolCalls.set(at, known);
  }
  if (choice.finish_reason !== null && choice.finish_reason !== undefined) parts.finish = choice.finish_reason;
  // the finish chunk carries an empty verdict; the last full one is the answer's
  if (isObject(choice.content_filter_results) && Object.keys(choice.content_filter_results).length > 0)
    parts.filter = choice.content_filter_results;
  const logprobs = asObject(choice.logprobs).content;
  if (Array.isArray(logprobs)) parts.logprobs = [...(parts.logprobs ?? []), ...logprobs];
}

function choiceBody(parts: ChoiceParts): JsonObject {
  const toolCalls = [...parts.toolCalls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, call]) => ({ function: { arguments: call.arguments, name: call.name }, id: call.id, type: call.type }));
  // the role chunk's empty content means "no content yet"; a tool-call answer has content null, as unstreamed
  const content = parts.content === '' && toolCalls.length > 0 ? null : (parts.content ?? null);
  return {
    content_filter_results: parts.filter,
    finish_reason: parts.finish,
    index: parts.index,
    logprobs: parts.logprobs === undefined ? null : { content: parts.logprobs },
    message: {
      annotations: [],
      content,
      refusal: parts.refusal ?? null,
      role: parts.role,
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    },
  };
}
