import { contentText } from '../tokens/prompt-tokens.ts';
import type { Tokenizer } from '../tokens/tokenizer.ts';

/** A token no text encodes to, standing for the framing tokens the usage rules count (3 per message, …). */
const FRAMING = 0xffffffff;
const IMAGE_TOKENS = 85;

/**
 * A chat prompt as the tokens its `prompt_tokens` counts (tokens/prompt-tokens.ts), one for one, so that the
 * cached count never disagrees with it: a repeated prompt of P tokens reports ⌊P/128⌋·128 cached. Tools come
 * first, as the service's caching guide orders a prompt (tools, then messages); the framing is a placeholder.
 */
export function chatPromptSequence(
  tokenizer: Tokenizer,
  messages: readonly Record<string, unknown>[],
  tools?: readonly unknown[],
): number[] {
  const sequence: number[] = [];
  const push = (tokens: readonly number[]) => {
    for (const token of tokens) sequence.push(token);
  };
  const frame = (count: number) => {
    for (let i = 0; i < count; i++) sequence.push(FRAMING);
  };
  if (tools && tools.length > 0) {
    push(tokenizer.encode(JSON.stringify(tools)));
    frame(9);
  }
  frame(3);
  for (const message of messages) {
    frame(3);
    for (const [key, value] of Object.entries(message)) {
      if (typeof value === 'string') push(tokenizer.encode(value));
      else if (key === 'content' && Array.isArray(value)) pushParts(tokenizer, value, push, frame);
      else if (key === 'tool_calls' && Array.isArray(value)) push(tokenizer.encode(JSON.stringify(value)));
      if (key === 'name') frame(1);
    }
  }
  return sequence;
}

function pushParts(
  tokenizer: Tokenizer,
  parts: readonly unknown[],
  push: (tokens: readonly number[]) => void,
  frame: (count: number) => void,
) {
  for (const part of parts) {
    if (part === null || typeof part !== 'object') continue;
    const { type, text, refusal } = part as { type?: string; text?: unknown; refusal?: unknown };
    if (typeof text === 'string') push(tokenizer.encode(text));
    else if (typeof refusal === 'string') push(tokenizer.encode(refusal));
    else if (type === 'image_url' || type === 'input_image') frame(IMAGE_TOKENS);
  }
}

/** A Responses prompt likewise, as `input_tokens` counts it (responses/conversation.ts): tools, instructions, items. */
export function responsesPromptSequence(
  tokenizer: Tokenizer,
  instructions: string | null | undefined,
  items: readonly Record<string, unknown>[],
  tools: readonly unknown[] | undefined,
): number[] {
  const sequence: number[] = [];
  const add = (text: string, framing: number) => {
    for (let i = 0; i < framing; i++) sequence.push(FRAMING);
    if (text !== '') for (const token of tokenizer.encode(text)) sequence.push(token);
  };
  if (tools && tools.length > 0) add(JSON.stringify(tools), 9);
  if (instructions) add(instructions, 4);
  for (const item of items) {
    if (item.type === 'function_call') add(`${String(item.name ?? '')}${String(item.arguments ?? '')}`, 4);
    else if (item.type === 'function_call_output')
      add(typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? ''), 4);
    else add(contentText(item.content), 4);
  }
  return sequence;
}
