import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Tiktoken } from 'tiktoken/lite';
import type { TokenizerName } from '../config/model-catalog.ts';
import { CountCache } from './count-cache.ts';
import { longRunCuts } from './long-runs.ts';
import { LargeTextCounts } from './large-texts.ts';

/** A model's tokenizer: the one count that drives usage, the streamed usage chunk, the rate limiter and latency. */
export interface Tokenizer {
  readonly name: TokenizerName;
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  /** The UTF-8 bytes of `tokens`, which may end inside a character. */
  decodeBytes(tokens: readonly number[]): Uint8Array;
  count(text: string): number;
  /**
   * The same count, taken a segment per event-loop turn when `text` is large (see large-texts.ts), and kept so
   * that `count` of the same text then answers at once.
   */
  countYielding(text: string): Promise<number>;
}

/**
 * tiktoken, the WASM build of OpenAI's own Rust tokenizer: exact on normal text (the pure-JS ports miscount
 * U+FEFF, and gpt-tokenizer's decode leaks a partial character into the next call), about 1.3 M tokens/s.
 * `encode_ordinary` treats special-token text in user content as plain text, as the service does. A text with a
 * long run of one kind of character (which tiktoken takes quadratic time over, and traps on at 1 MiB) is
 * tokenized in segments cut inside those runs (long-runs.ts). Figures in docs/tokenizer.md.
 */
function wrap(name: TokenizerName, encoding: Tiktoken): Tokenizer {
  // keeps a leading U+FEFF; a cut inside a character becomes U+FFFD, as Python's tiktoken does
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const cache = new CountCache();
  const countUncached = (text: string) => {
    const cuts = longRunCuts(text);
    if (cuts === undefined) return encoding.encode_ordinary(text).length;
    let total = 0;
    forEachSegment(text, cuts, (segment) => (total += encoding.encode_ordinary(segment).length));
    return total;
  };
  const large = new LargeTextCounts(countUncached);
  return {
    name,
    encode: (text) => {
      const cuts = longRunCuts(text);
      if (cuts === undefined) return Array.from(encoding.encode_ordinary(text));
      const tokens: number[] = [];
      forEachSegment(text, cuts, (segment) => {
        for (const token of encoding.encode_ordinary(segment)) tokens.push(token);
      });
      return tokens;
    },
    decode: (tokens) => utf8.decode(encoding.decode(Uint32Array.from(tokens))),
    decodeBytes: (tokens) => encoding.decode(Uint32Array.from(tokens)),
    count: (text) => (text === '' ? 0 : (large.known(text) ?? cache.count(text, countUncached))),
    countYielding: (text) => large.countYielding(text),
  };
}

function forEachSegment(text: string, cuts: readonly number[], use: (segment: string) => void): void {
  let start = 0;
  for (const cut of cuts) {
    use(text.slice(start, cut));
    start = cut;
  }
  use(text.slice(start));
}

/**
 * Long-lived singletons, each loaded on its first use and never freed. Loading one takes about 0.15-0.2 s and
 * 40 MB (building its ranks inside the WASM module): loaded at import, the two were the largest part of the
 * start, before the port was open, and a run whose models all use o200k_base never needs cl100k_base. The first
 * request that counts tokens pays the load instead (docs/performance.md, start-up).
 */
const TOKENIZERS = new Map<TokenizerName, Tokenizer>();

export function tokenizerFor(name: TokenizerName): Tokenizer {
  let tokenizer = TOKENIZERS.get(name);
  if (tokenizer === undefined) {
    tokenizer = wrap(name, loadEncoding(name));
    TOKENIZERS.set(name, tokenizer);
  }
  return tokenizer;
}

const require = createRequire(import.meta.url);

/**
 * The same encoding `get_encoding` builds, from tiktoken's lite module and the ranks it ships as JSON. The full
 * module carries every encoding's ranks (gpt2 to o200k_base) inside its WASM, copied into the WASM memory, which
 * never shrinks, as soon as it is loaded: the lite one holds only the encodings loaded, about 8 MiB less for the two
 * (docs/tokenizer.md, memory). The JSON text is dropped once the ranks are inside the WASM.
 */
function loadEncoding(name: TokenizerName): Tiktoken {
  const { bpe_ranks, special_tokens, pat_str } = JSON.parse(readFileSync(require.resolve(`tiktoken/encoders/${name}.json`), 'utf8')) as {
    bpe_ranks: string;
    special_tokens: Record<string, number>;
    pat_str: string;
  };
  return new Tiktoken(bpe_ranks, special_tokens, pat_str);
}
