import type { JsonValue, RecordedChunk } from './cassette-types.ts';
import { asArray, isObject, parseChunks, splitPieces, toChunks, type JsonObject, type ToChunksOptions } from './stream-pieces.ts';

/**
 * The stream a legacy completion would have been sent as: the prompt-annotation chunk, text pieces per choice,
 * a finish chunk per choice, the usage chunk when asked, `[DONE]`.
 */
export function completionsBodyToChunks(body: JsonObject, options: ToChunksOptions = {}): RecordedChunk[] {
  const { includeUsage = false, durationMs = 0 } = options;
  const chunk = (choices: JsonValue[], usage?: JsonValue): JsonObject => ({
    choices,
    created: body.created ?? 0,
    id: body.id ?? '',
    model: body.model ?? '',
    object: 'text_completion',
    ...(includeUsage ? { usage: usage ?? null } : {}),
  });
  const choice = (index: JsonValue, text: string, filter: JsonValue, finish: JsonValue): JsonObject => ({
    content_filter_results: filter,
    finish_reason: finish,
    index,
    logprobs: null,
    text,
  });
  const events: JsonObject[] = [];
  if (body.prompt_filter_results !== undefined) {
    events.push({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: body.prompt_filter_results });
  }
  for (const recorded of asArray(body.choices).filter(isObject)) {
    const index = recorded.index ?? 0;
    const filter = recorded.content_filter_results ?? {};
    const text = typeof recorded.text === 'string' ? recorded.text : '';
    for (const piece of splitPieces(text)) events.push(chunk([choice(index, piece, filter, null)]));
    events.push(chunk([choice(index, '', {}, recorded.finish_reason ?? 'stop')]));
  }
  if (includeUsage && body.usage !== undefined) events.push(chunk([], body.usage));
  return toChunks(
    events.map((data) => ({ data })),
    durationMs,
    true,
  );
}

/** The completion a recorded stream adds up to: text joined per choice, the last finish_reason and filter verdict. */
export function completionsChunksToBody(chunks: readonly RecordedChunk[]): JsonObject {
  const choices = new Map<number, { text: string; finish: JsonValue; filter: JsonValue }>();
  const head: JsonObject = {};
  let promptFilter: JsonValue[] | undefined;
  let usage: JsonValue | undefined;
  for (const { data } of parseChunks(chunks)) {
    if (Array.isArray(data.prompt_filter_results)) promptFilter = [...(promptFilter ?? []), ...data.prompt_filter_results];
    if (isObject(data.usage)) usage = data.usage;
    if (typeof data.id === 'string' && data.id !== '' && head.id === undefined)
      Object.assign(head, { created: data.created, id: data.id, model: data.model });
    for (const delta of asArray(data.choices).filter(isObject)) {
      const index = typeof delta.index === 'number' ? delta.index : 0;
      const parts = choices.get(index) ?? { text: '', finish: null, filter: {} };
      if (typeof delta.text === 'string') parts.text += delta.text;
      if (delta.finish_reason !== null && delta.finish_reason !== undefined) parts.finish = delta.finish_reason;
      if (isObject(delta.content_filter_results) && Object.keys(delta.content_filter_results).length > 0)
        parts.filter = delta.content_filter_results;
      choices.set(index, parts);
    }
  }
  return {
    choices: [...choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, parts]) => ({
        content_filter_results: parts.filter,
        finish_reason: parts.finish,
        index,
        logprobs: null,
        text: parts.text,
      })),
    created: head.created ?? 0,
    id: head.id ?? '',
    model: head.model ?? '',
    object: 'text_completion',
    ...(promptFilter === undefined ? {} : { prompt_filter_results: promptFilter }),
    ...(usage === undefined ? {} : { usage }),
  };
}
