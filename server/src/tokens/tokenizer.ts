import { get_encoding, type Tiktoken } from 'tiktoken';
import type { TokenizerName } from '../config/model-catalog.ts';
import { CountCache } from './count-cache.ts';

/** A model's tokenizer: the one count that drives usage, the streamed usage chunk, the rate limiter and latency. */
export interface Tokenizer {
  readonly name: TokenizerName;
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  count(text: string): number;
}

/**
 * tiktoken, the WASM build of OpenAI's own Rust tokenizer: exact on every input (the pure-JS ports miscount
 * U+FEFF, and gpt-tokenizer's decode leaks a partial character into the next call), about 1.3 M tokens/s
 * whatever the text. `encode_ordinary` treats special-token text in user content as plain text, as the
 * service does. Figures in docs/tokenizer.md.
 */
function wrap(name: TokenizerName, encoding: Tiktoken): Tokenizer {
  // keeps a leading U+FEFF; a cut inside a character becomes U+FFFD, as Python's tiktoken does
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const cache = new CountCache();
  const countUncached = (text: string) => encoding.encode_ordinary(text).length;
  return {
    name,
    encode: (text) => Array.from(encoding.encode_ordinary(text)),
    decode: (tokens) => utf8.decode(encoding.decode(Uint32Array.from(tokens))),
    count: (text) => (text === '' ? 0 : cache.count(text, countUncached)),
  };
}

// Long-lived singletons, loaded once (about 0.36 s and 85 MB for both): never freed.
const TOKENIZERS: Readonly<Record<TokenizerName, Tokenizer>> = {
  o200k_base: wrap('o200k_base', get_encoding('o200k_base')),
  cl100k_base: wrap('cl100k_base', get_encoding('cl100k_base')),
};

export function tokenizerFor(name: TokenizerName): Tokenizer {
  return TOKENIZERS[name];
}
