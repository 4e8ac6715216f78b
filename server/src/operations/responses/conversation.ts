import { serviceErrors } from '../../protocol/service-errors.ts';
import { contentText } from '../../tokens/prompt-tokens.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import { resolveReasoningInput } from './reasoning-item.ts';
import type { ResponseStore } from './response-store.ts';
import type { InputItem, ResponsesRequest } from './responses-request.ts';

/**
 * The conversation a request continues: the stored one of `previous_response_id`, then this request's input,
 * with `item_reference`s resolved. Unknown ids get the service's 400.
 */
export async function conversationOf(request: ResponsesRequest, store: ResponseStore): Promise<InputItem[]> {
  const previous = request.previous_response_id ? await store.response(request.previous_response_id) : undefined;
  if (request.previous_response_id && !previous) {
    throw serviceErrors.invalidRequest(
      `Previous response with id '${request.previous_response_id}' not found.`,
      'previous_response_id',
      'previous_response_not_found',
    );
  }
  const input: InputItem[] =
    typeof request.input === 'string' ? [{ type: 'message', role: 'user', content: request.input }] : (request.input ?? []);
  const resolved: InputItem[] = [];
  for (const [i, item] of input.entries()) {
    if (item.type === 'reasoning') {
      resolved.push(await resolveReasoningInput(item, i, (id) => store.item(id)));
      continue;
    }
    if (item.type !== 'item_reference') {
      resolved.push(item);
      continue;
    }
    const found = item.id ? await store.item(item.id) : undefined;
    if (!found) throw serviceErrors.invalidRequest(`Item with id '${String(item.id)}' not found.`, `input[${i}].id`, null);
    resolved.push(found);
  }
  return [...(previous?.conversation ?? []), ...resolved];
}

/** The text of the last user turn, which the reply should seem to answer. */
export function lastUserText(conversation: readonly InputItem[]): string {
  for (let i = conversation.length - 1; i >= 0; i--) {
    const item = conversation[i]!;
    if (item.role === 'user') return contentText(item.content);
  }
  return '';
}

/** Input tokens: the instructions, each item's text (4 tokens of framing per item), and the tools' JSON. */
export function inputTokens(tokenizer: Tokenizer, request: ResponsesRequest, conversation: readonly InputItem[]): number {
  let total = request.instructions ? tokenizer.count(request.instructions) + 4 : 0;
  for (const item of conversation) {
    total += 4;
    if (item.type === 'function_call') total += tokenizer.count(`${item.name ?? ''}${item.arguments ?? ''}`);
    else if (item.type === 'function_call_output')
      total += tokenizer.count(typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? ''));
    else total += tokenizer.count(contentText(item.content));
  }
  if (request.tools && request.tools.length > 0) total += tokenizer.count(JSON.stringify(request.tools)) + 9;
  return total;
}
