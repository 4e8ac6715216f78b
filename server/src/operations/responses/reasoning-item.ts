import { randomBytes } from 'node:crypto';
import { createRandom } from '../../generate/random.ts';
import { completionText } from '../../generate/text/completion-text.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import type { InputItem, ResponsesRequest } from './responses-request.ts';

export interface ReasoningItem {
  id: string;
  type: 'reasoning';
  summary: Array<{ type: 'summary_text'; text: string }>;
  encrypted_content?: string;
}

/** How long a reasoning summary runs, in tokens: a few sentences, as the service's `auto` summaries do. */
const SUMMARY_TOKENS = { min: 24, max: 80 };

/** Where the simulator's encrypted content starts: the service's is a Fernet token, which starts so. */
const ENCRYPTED_PREFIX = 'gAAAAA';

/**
 * The reasoning item a reasoning model's output starts with: a summary when `reasoning.summary` asks for one,
 * and the reasoning as encrypted content when `include` asks for it (how a `store: false` caller carries it to
 * its next turn).
 */
export function reasoningItem(request: ResponsesRequest, model: string, tokenizer: Tokenizer, prompt: string): ReasoningItem {
  const id = `rs_${randomBytes(24).toString('hex')}`;
  const summary: ReasoningItem['summary'] = [];
  if (request.reasoning?.summary && request.reasoning.summary !== 'none') {
    // its own draws, so that asking for a summary leaves the answer as it was
    const random = createRandom(`${model}\u0000reasoning summary\u0000${prompt}`);
    const naturalTokens = random.int(SUMMARY_TOKENS.min, SUMMARY_TOKENS.max);
    summary.push({
      type: 'summary_text',
      text: `**Thinking it through**\n\n${completionText({ tokenizer, random, prompt, naturalTokens }).text}`,
    });
  }
  const item: ReasoningItem = { id, type: 'reasoning', summary };
  if (request.include?.includes('reasoning.encrypted_content')) item.encrypted_content = encryptedContent(id);
  return item;
}

/** Opaque to the caller, as the service's; the simulator only needs to know it issued it. */
function encryptedContent(id: string): string {
  return ENCRYPTED_PREFIX + Buffer.from(JSON.stringify({ id, nonce: randomBytes(12).toString('hex') })).toString('base64url');
}

/**
 * A reasoning item sent back as input: with its encrypted content it stands on its own (the service still wants
 * its id); without, it must be one the service kept, found by `find`. The service's not-found message says why
 * items of a `store: false` response are never found.
 */
export async function resolveReasoningInput(
  item: InputItem & { encrypted_content?: unknown },
  index: number,
  find: (id: string) => Promise<InputItem | undefined>,
): Promise<InputItem> {
  if (!item.id) {
    throw serviceErrors.invalidRequest(
      `Missing required parameter: 'input[${index}].id'.`,
      `input[${index}].id`,
      'missing_required_parameter',
    );
  }
  if (typeof item.encrypted_content === 'string' && item.encrypted_content.length > 0) return item;
  const kept = await find(item.id);
  if (kept?.type === 'reasoning') return kept;
  throw serviceErrors.invalidRequest(
    `Item with id '${item.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
    'input',
    null,
  );
}
