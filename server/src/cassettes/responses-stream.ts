import type { JsonValue, RecordedChunk } from './cassette-types.ts';
import { asArray, isObject, parseChunks, splitArguments, splitPieces, toChunks, type JsonObject } from './stream-pieces.ts';

/** The events whose `response` is the finished response object. */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * The typed event stream a Responses API answer would have been sent as: response.created and .in_progress,
 * then per output item its added / delta / done events (message text as output_text deltas, function-call
 * arguments as function_call_arguments deltas), then response.completed carrying the whole response.
 * Other item types (reasoning, tool results) get only their added and done events. No `[DONE]`: the Responses
 * API ends with response.completed.
 */
export function responsesBodyToChunks(body: JsonObject, options: { durationMs?: number } = {}): RecordedChunk[] {
  const events: { event: string; data: JsonObject }[] = [];
  const emit = (type: string, fields: JsonObject): void => {
    events.push({ event: type, data: { type, sequence_number: events.length, ...fields } });
  };
  const pending = { ...body, status: 'in_progress', output: [], usage: null };
  emit('response.created', { response: pending });
  emit('response.in_progress', { response: pending });
  for (const [outputIndex, item] of asArray(body.output).filter(isObject).entries()) {
    const itemId = item.id ?? '';
    const at = { item_id: itemId, output_index: outputIndex };
    emit('response.output_item.added', {
      output_index: outputIndex,
      item: { ...item, status: 'in_progress', ...(item.type === 'message' ? { content: [] } : {}) },
    });
    if (item.type === 'message') {
      for (const [contentIndex, part] of asArray(item.content).filter(isObject).entries()) {
        const text = typeof part.text === 'string' ? part.text : '';
        const place = { ...at, content_index: contentIndex };
        emit('response.content_part.added', { ...place, part: { ...part, text: '' } });
        if (part.type === 'output_text') {
          for (const piece of splitPieces(text)) emit('response.output_text.delta', { ...place, delta: piece, logprobs: [] });
          emit('response.output_text.done', { ...place, text, logprobs: [] });
        }
        emit('response.content_part.done', { ...place, part });
      }
    } else if (item.type === 'function_call' && typeof item.arguments === 'string') {
      for (const piece of splitArguments(item.arguments)) emit('response.function_call_arguments.delta', { ...at, delta: piece });
      emit('response.function_call_arguments.done', { ...at, arguments: item.arguments });
    }
    emit('response.output_item.done', { output_index: outputIndex, item });
  }
  emit('response.completed', { response: body });
  return toChunks(events, options.durationMs ?? 0, false);
}

/** The response a recorded Responses API stream ended with: the `response` of its final event. */
export function responsesChunksToBody(chunks: readonly RecordedChunk[]): JsonObject {
  let final: JsonValue | undefined;
  for (const { event, data } of parseChunks(chunks)) {
    if (FINAL_EVENTS.has(event ?? String(data.type))) final = data.response;
  }
  if (!isObject(final)) throw new Error('the stream has no response.completed (or .incomplete, .failed) event to take the response from');
  return final;
}
