import type { Tokenizer } from './tokenizer.ts';

/** A piece of text as a stream sends it, with the tokens it carries. */
export interface TokenPiece {
  text: string;
  tokens: number;
}

/** Splits already made, per tokenizer: a load test streams the same (remembered) answers again and again. */
const splits = new WeakMap<Tokenizer, Map<string, readonly TokenPiece[]>>();
const SPLITS_MAX = 2000;
const SPLIT_TEXT_MAX = 8192;

/**
 * `text` in pieces of about `tokensPerPiece` tokens, as a stream sends it. The pieces join back to exactly
 * `text`: a piece never ends inside a character whose bytes span two tokens (it takes the next token too).
 * Splitting decodes a prefix per piece, so a split is remembered (bounded, cleared whole when full).
 */
export function splitByTokens(tokenizer: Tokenizer, text: string, tokensPerPiece: number): readonly TokenPiece[] {
  // long texts are split afresh: the memo is for the short answers a load test repeats, and stays small
  if (text.length > SPLIT_TEXT_MAX) return splitUncached(tokenizer, text, tokensPerPiece);
  let known = splits.get(tokenizer);
  if (!known) splits.set(tokenizer, (known = new Map()));
  const key = `${tokensPerPiece}\u0000${text}`;
  const split = known.get(key);
  if (split) return split;
  const made = Object.freeze(splitUncached(tokenizer, text, tokensPerPiece).map((piece) => Object.freeze(piece)));
  if (known.size >= SPLITS_MAX) known.clear();
  known.set(key, made);
  return made;
}

function splitUncached(tokenizer: Tokenizer, text: string, tokensPerPiece: number): TokenPiece[] {
  const tokens = tokenizer.encode(text);
  const pieces: TokenPiece[] = [];
  let emitted = 0;
  let emittedTokens = 0;
  for (let end = tokensPerPiece; emitted < text.length; end += tokensPerPiece) {
    const last = end >= tokens.length;
    const prefix = last ? text : tokenizer.decode(tokens.slice(0, end));
    if (!last && prefix.endsWith('\uFFFD')) continue;
    const upTo = Math.min(end, tokens.length);
    if (prefix.length > emitted) pieces.push({ text: prefix.slice(emitted), tokens: upTo - emittedTokens });
    emitted = prefix.length;
    emittedTokens = upTo;
    if (last) break;
  }
  return pieces;
}
