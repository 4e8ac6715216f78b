import type { Random } from '../../generate/random.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';

export interface TokenLogprob {
  token: string;
  bytes: number[];
  logprob: number;
  top_logprobs: Array<{ token: string; bytes: number[]; logprob: number }>;
}

const ALTERNATIVES = [
  ' the',
  ' a',
  ' and',
  ' to',
  ' of',
  ' it',
  ' this',
  ' that',
  ' in',
  ' is',
  ',',
  '.',
  ' for',
  ' with',
  ' on',
  ' be',
  ' as',
  ' you',
  ' can',
  ' more',
];

/**
 * Log probabilities for each token of `content`: the chosen token is the likeliest, its alternatives follow
 * in descending order, and all are deterministic for the random source.
 */
export function contentLogprobs(content: string, tokenizer: Tokenizer, random: Random, topLogprobs: number): TokenLogprob[] {
  return tokenizer.encode(content).map((id) => {
    const token = tokenizer.decode([id]);
    const logprob = round(-random.next() * 0.6);
    const alternatives = random
      .shuffle(ALTERNATIVES.filter((alternative) => alternative !== token))
      .slice(0, Math.max(0, topLogprobs - 1))
      .map((alternative, i) => ({ token: alternative, bytes: bytesOf(alternative), logprob: round(logprob - 1.5 - i - random.next()) }));
    const top = topLogprobs > 0 ? [{ token, bytes: bytesOf(token), logprob }, ...alternatives] : [];
    return { token, bytes: bytesOf(token), logprob, top_logprobs: top };
  });
}

function bytesOf(text: string): number[] {
  return [...Buffer.from(text, 'utf8')];
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
