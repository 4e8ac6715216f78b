import type { Operation } from '../../generated/scenarios.ts';
import { requestPromptTokens } from '../../tokens/request-tokens.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { TokenizerName } from '../../config/model-catalog.ts';
import type { BatchLine } from './batch-input.ts';

/** Lines counted between two turns of the event loop: a 100,000-line file must not hold it for seconds. */
const LINES_PER_TURN = 500;

/**
 * The prompt tokens a batch's lines hold, as the live estimate counts them: what the service's enqueued-token quota
 * charges a batch from validation until it ends.
 */
export async function batchPromptTokens(lines: readonly BatchLine[], operation: Operation, tokenizerName: TokenizerName): Promise<number> {
  const tokenizer = tokenizerFor(tokenizerName);
  let tokens = 0;
  for (let index = 0; index < lines.length; index++) {
    if (index > 0 && index % LINES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    tokens += requestPromptTokens(operation, lines[index]!.body, tokenizer);
  }
  return tokens;
}
