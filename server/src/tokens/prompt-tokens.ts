import type { Tokenizer } from './tokenizer.ts';

/**
 * Chat prompt tokens by the documented rule (the OpenAI cookbook's num_tokens_from_messages): 3 tokens per
 * message, plus the tokens of each of its string fields, plus 1 for a `name`, plus 3 to prime the reply.
 * Content parts count their text; an image part counts 85 tokens (a low-detail tile), since the simulator
 * does not look at images. Tool definitions and tool calls count the tokens of their JSON, an approximation
 * of the service's undocumented rendering.
 */
export function chatPromptTokens(tokenizer: Tokenizer, messages: readonly Record<string, unknown>[], tools?: readonly unknown[]): number {
  let total = 3;
  for (const message of messages) {
    total += 3;
    for (const [key, value] of Object.entries(message)) {
      if (typeof value === 'string') total += tokenizer.count(value);
      else if (key === 'content' && Array.isArray(value)) total += contentPartTokens(tokenizer, value);
      else if (key === 'tool_calls' && Array.isArray(value)) total += tokenizer.count(JSON.stringify(value));
      if (key === 'name') total += 1;
    }
  }
  if (tools && tools.length > 0) total += tokenizer.count(JSON.stringify(tools)) + 9;
  return total;
}

const IMAGE_TOKENS = 85;

function contentPartTokens(tokenizer: Tokenizer, parts: readonly unknown[]): number {
  let total = 0;
  for (const part of parts) {
    if (part === null || typeof part !== 'object') continue;
    const { type, text, refusal } = part as { type?: string; text?: unknown; refusal?: unknown };
    if (typeof text === 'string') total += tokenizer.count(text);
    else if (typeof refusal === 'string') total += tokenizer.count(refusal);
    else if (type === 'image_url' || type === 'input_image') total += IMAGE_TOKENS;
  }
  return total;
}

/** The plain text of a message's content: a string, or the text parts joined. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) =>
      part !== null && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
        ? (part as { text: string }).text
        : '',
    )
    .filter(Boolean)
    .join('\n');
}
