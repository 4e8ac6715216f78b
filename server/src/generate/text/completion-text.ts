import type { Random } from '../random.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import { replyText } from './reply-text.ts';

export type FinishReason = 'stop' | 'length';

export interface CompletionText {
  text: string;
  /** The tokens of `text`, counted by the model's tokenizer: what usage reports. */
  tokens: number;
  finishReason: FinishReason;
}

export interface CompletionTextOptions {
  tokenizer: Tokenizer;
  random: Random;
  /** The prompt the reply should seem to answer. */
  prompt: string;
  /** The most tokens the reply may have (max_tokens); a longer reply is cut exactly here, with `length`. */
  maxTokens?: number;
  /** Stop sequences: the reply ends before the first one, with `stop`. */
  stop?: readonly string[];
  /** How long the reply would be if nothing cut it; drawn from `random` when absent. */
  naturalTokens?: number;
}

/** The natural length of a default reply: a short paragraph, about 60 tokens on average. */
export const NATURAL_TOKENS = { min: 24, max: 96 } as const;

/**
 * The text of a generated reply, shaped as the service shapes it: whole sentences ending naturally with
 * `stop`, or cut at exactly `maxTokens` tokens with `length`, or ended before a stop sequence.
 */
export function completionText(options: CompletionTextOptions): CompletionText {
  const { tokenizer, random } = options;
  const natural = options.naturalTokens ?? random.int(NATURAL_TOKENS.min, NATURAL_TOKENS.max);
  let text = wholeSentences(replyText(random, Math.ceil(natural * 0.9) + 4, options.prompt), tokenizer, natural);
  let finishReason: FinishReason = 'stop';

  const encoded = tokenizer.encode(text);
  let tokens = encoded.length;
  if (options.maxTokens !== undefined && encoded.length > options.maxTokens) {
    text = tokenizer.decode(encoded.slice(0, options.maxTokens));
    finishReason = 'length';
    tokens = tokenizer.count(text);
  }
  const cut = firstStop(text, options.stop);
  if (cut !== undefined) {
    text = text.slice(0, cut);
    finishReason = 'stop';
    tokens = tokenizer.count(text);
  }
  // Re-encoding a cut can merge differently; never report more than was allowed.
  while (options.maxTokens !== undefined && tokens > options.maxTokens && text.length > 0) {
    text = tokenizer.decode(tokenizer.encode(text).slice(0, options.maxTokens));
    tokens = tokenizer.count(text);
  }
  return { text, tokens, finishReason };
}

/**
 * The longest run of whole sentences of `text` within about `targetTokens` (at least one sentence). Sentences
 * are counted one by one (each starts with its space, as BPE splits it), not the growing prefix over and over:
 * the sum is close, and the caller recounts the result exactly.
 */
function wholeSentences(text: string, tokenizer: Tokenizer, targetTokens: number): string {
  const sentences = text.match(/\s*[^.!?:]+[.!?:]+/g) ?? [text];
  let kept = '';
  let tokens = 0;
  for (const sentence of sentences) {
    const count = tokenizer.count(sentence);
    if (kept !== '' && tokens + count > targetTokens) break;
    kept += sentence;
    tokens += count;
  }
  return kept.trim();
}

function firstStop(text: string, stops: readonly string[] | undefined): number | undefined {
  let first: number | undefined;
  for (const stop of stops ?? []) {
    if (stop === '') continue;
    const at = text.indexOf(stop);
    if (at !== -1 && (first === undefined || at < first)) first = at;
  }
  return first;
}
