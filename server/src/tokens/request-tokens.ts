import type { Operation } from '../generated/scenarios.ts';
import { chatPromptTokens } from './prompt-tokens.ts';
import type { Tokenizer } from './tokenizer.ts';
import { LARGE_TEXT_CHARS } from './large-texts.ts';

/**
 * The prompt tokens of a request body, for the rate limiter's admission estimate, computed before the body is
 * validated: whatever a malformed body holds is counted as its JSON text, never thrown over.
 */
export function requestPromptTokens(operation: Operation, body: Record<string, unknown>, tokenizer: Tokenizer): number {
  switch (operation) {
    case 'chat':
    // a realtime response is asked as a chat completion of the session's conversation (see chatMessages)
    case 'realtime':
      if (Array.isArray(body.messages) && body.messages.every((message) => message !== null && typeof message === 'object')) {
        return chatPromptTokens(tokenizer, body.messages as Record<string, unknown>[], Array.isArray(body.tools) ? body.tools : undefined);
      }
      return countJson(tokenizer, body.messages);
    case 'completions':
      return countTexts(tokenizer, body.prompt);
    case 'embeddings':
      return countTexts(tokenizer, body.input);
    case 'responses':
      return (
        countTexts(tokenizer, body.instructions) +
        (typeof body.input === 'string' ? tokenizer.count(body.input) : countJson(tokenizer, body.input))
      );
    case 'images':
    case 'imageEdits':
    case 'speech':
      return countTexts(tokenizer, body.prompt ?? body.input);
    default:
      return 0;
  }
}

function countTexts(tokenizer: Tokenizer, value: unknown): number {
  if (typeof value === 'string') return tokenizer.count(value);
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'number')) return value.length;
    return value.reduce<number>((sum, item) => sum + countTexts(tokenizer, item), 0);
  }
  return value === undefined || value === null ? 0 : countJson(tokenizer, value);
}

function countJson(tokenizer: Tokenizer, value: unknown): number {
  return value === undefined ? 0 : tokenizer.count(JSON.stringify(value));
}

/**
 * Counts the large texts of a request body a segment per event-loop turn (see large-texts.ts), so that
 * requestPromptTokens and the operation's own usage count then find them counted. Worth calling only for a body
 * larger than LARGE_TEXT_CHARS: a smaller one holds no large text.
 */
export async function countLargeTexts(operation: Operation, body: Record<string, unknown>, tokenizer: Tokenizer): Promise<void> {
  const large: string[] = [];
  const collector: Tokenizer = {
    ...tokenizer,
    count: (text) => {
      if (text.length > LARGE_TEXT_CHARS) large.push(text);
      return 0;
    },
  };
  requestPromptTokens(operation, body, collector);
  for (const text of large) await tokenizer.countYielding(text);
}
