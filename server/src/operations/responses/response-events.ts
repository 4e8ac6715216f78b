import { splitByTokens } from '../../tokens/split-by-tokens.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import type { SseEvent } from '../types.ts';
import type { ReasoningItem } from './reasoning-item.ts';
import type { FunctionCallItem, MessageItem, OutputItem } from './responses-output.ts';

/**
 * The typed events of a streamed response, as `responses.stream()` consumes them: created and in_progress,
 * (a background one: created and queued, then in_progress), then per output item its added, deltas, done events, then completed (or incomplete). Every event is named
 * (`event:` line) and numbered (`sequence_number`).
 */
export function* responseEvents(
  inProgress: Record<string, unknown>,
  finished: Record<string, unknown>,
  items: readonly OutputItem[],
  tokenizer: Tokenizer,
  tokensPerChunk: number,
  /** A background response's first state: announced by `response.created` and `response.queued`. */
  queued?: Record<string, unknown>,
): Generator<SseEvent> {
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>, tokens = 0): SseEvent => ({
    event: type,
    data: JSON.stringify({ type, sequence_number: sequence++, ...fields }),
    tokens,
  });

  yield event('response.created', { response: queued ?? inProgress });
  if (queued) yield event('response.queued', { response: queued });
  yield event('response.in_progress', { response: inProgress });
  for (const [outputIndex, item] of items.entries()) {
    if (item.type === 'message') yield* messageEvents(item, outputIndex, event, tokenizer, tokensPerChunk);
    else if (item.type === 'reasoning') yield* reasoningEvents(item, outputIndex, event);
    else yield* functionCallEvents(item, outputIndex, event, tokenizer, tokensPerChunk);
  }
  yield event(finished.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: finished });
}

type Emit = (type: string, fields: Record<string, unknown>, tokens?: number) => SseEvent;

function* messageEvents(
  item: MessageItem,
  outputIndex: number,
  event: Emit,
  tokenizer: Tokenizer,
  tokensPerChunk: number,
): Generator<SseEvent> {
  const text = item.content[0]?.text ?? '';
  const where = { item_id: item.id, output_index: outputIndex, content_index: 0 };
  yield event('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
  yield event('response.content_part.added', { ...where, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
  for (const piece of splitByTokens(tokenizer, text, tokensPerChunk)) {
    yield event('response.output_text.delta', { ...where, delta: piece.text, logprobs: [] }, piece.tokens);
  }
  yield event('response.output_text.done', { ...where, text, logprobs: [] });
  yield event('response.content_part.done', { ...where, part: { type: 'output_text', text, annotations: [], logprobs: [] } });
  yield event('response.output_item.done', { output_index: outputIndex, item });
}

function* functionCallEvents(
  item: FunctionCallItem,
  outputIndex: number,
  event: Emit,
  tokenizer: Tokenizer,
  tokensPerChunk: number,
): Generator<SseEvent> {
  const where = { item_id: item.id, output_index: outputIndex };
  yield event('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
  for (const piece of splitByTokens(tokenizer, item.arguments, Math.max(tokensPerChunk, 4))) {
    yield event('response.function_call_arguments.delta', { ...where, delta: piece.text }, piece.tokens);
  }
  yield event('response.function_call_arguments.done', { ...where, arguments: item.arguments });
  yield event('response.output_item.done', { output_index: outputIndex, item });
}

/** A reasoning item: its summary parts whole, as they carry no output tokens of their own to pace. */
function* reasoningEvents(item: ReasoningItem, outputIndex: number, event: Emit): Generator<SseEvent> {
  yield event('response.output_item.added', { output_index: outputIndex, item: { ...item, summary: [] } });
  for (const [summaryIndex, part] of item.summary.entries()) {
    const where = { item_id: item.id, output_index: outputIndex, summary_index: summaryIndex };
    yield event('response.reasoning_summary_part.added', { ...where, part: { type: 'summary_text', text: '' } });
    yield event('response.reasoning_summary_text.delta', { ...where, delta: part.text });
    yield event('response.reasoning_summary_text.done', { ...where, text: part.text });
    yield event('response.reasoning_summary_part.done', { ...where, part });
  }
  yield event('response.output_item.done', { output_index: outputIndex, item });
}
