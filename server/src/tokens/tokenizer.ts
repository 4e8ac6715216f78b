import type { Tiktoken } from 'tiktoken/lite/init';
import type { TokenizerName } from '../config/model-catalog.ts';
import { CountCache } from './count-cache.ts';
import { longRunCuts } from './long-runs.ts';
import { LargeTextCounts } from './large-texts.ts';
import { buildEncoding, forgetEncodings, imageDirectory, restoreImage, saveImage } from './tiktoken-wasm.ts';

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
 * Long-lived singletons, each made on its first use and never freed. Building one takes about 0.3-0.5 s and 40 MB
 * (its ranks inside the WASM module): built at import, the two were the largest part of the start, before the port
 * was open, and a run whose models all use o200k_base never needs cl100k_base. The warm-up makes the deployments'
 * ones after the port opens, restored from an image of an earlier start when there is one (restoreTokenizers;
 * docs/performance.md, start-up).
 */
const TOKENIZERS = new Map<TokenizerName, Tokenizer>();

export function tokenizerFor(name: TokenizerName): Tokenizer {
  let tokenizer = TOKENIZERS.get(name);
  if (tokenizer === undefined) {
    tokenizer = wrap(name, buildEncoding(name));
    TOKENIZERS.set(name, tokenizer);
  }
  return tokenizer;
}

/**
 * Makes the tokenizers `names` (in this order) from the image an earlier start saved of exactly these, if there
 * is one and no tokenizer was made yet: about 0.1 s for o200k_base against 0.5 s to build it. Returns the check of
 * the image's file, which follows (see restoreImage): if it fails, the image is deleted and the tokenizers are
 * built anew on their next use, and `corrupt` is told. Undefined when nothing was restored.
 */
export function restoreTokenizers(names: readonly TokenizerName[], dir = imageDirectory(), corrupt?: () => void): Promise<boolean> | undefined {
  if (dir === undefined) return undefined;
  // undefined too once any tokenizer is made: its encoding is in the instance an image would replace
  const restored = restoreImage(dir, names);
  if (!restored) return undefined;
  for (const [name, encoding] of restored.encodings) TOKENIZERS.set(name, wrap(name, encoding));
  return restored.checked.then((sound) => {
    if (!sound) {
      // every encoding lives in the one WASM instance, those built after the restore too: all are made anew
      forgetEncodings();
      TOKENIZERS.clear();
      corrupt?.();
    }
    return sound;
  });
}

/** Saves the image restoreTokenizers reads, when exactly `names` were made, in that order, and none is saved yet. */
export function saveTokenizers(names: readonly TokenizerName[], dir = imageDirectory()): boolean {
  return dir !== undefined && saveImage(dir, names);
}
