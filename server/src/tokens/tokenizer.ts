import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import type { TokenizerName } from '../config/model-catalog.ts';

/** A model's tokenizer: the one count that drives usage, the streamed usage chunk, the rate limiter and latency. */
export interface Tokenizer {
  readonly name: TokenizerName;
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  count(text: string): number;
}

type Encoding = typeof o200k;

function wrap(name: TokenizerName, encoding: Encoding): Tokenizer {
  // Special-token text in user content ("<|endoftext|>") is counted as plain text, as the service does.
  const options = { disallowedSpecial: new Set<string>() };
  return {
    name,
    encode: (text) => encoding.encode(text, options),
    decode: (tokens) => encoding.decode(tokens as number[]),
    count: (text) => (text === '' ? 0 : encoding.encode(text, options).length),
  };
}

const TOKENIZERS: Readonly<Record<TokenizerName, Tokenizer>> = {
  o200k_base: wrap('o200k_base', o200k),
  cl100k_base: wrap('cl100k_base', cl100k),
};

export function tokenizerFor(name: TokenizerName): Tokenizer {
  return TOKENIZERS[name];
}
