import type { Tokenizer } from './tokenizer.ts';

/** A piece of text as a stream sends it, with the tokens it carries. */
export interface TokenPiece {
  text: string;
  tokens: number;
}

/**
 * `text` in pieces of about `tokensPerPiece` tokens, as a stream sends it. The pieces join back to exactly
 * `text`: a piece never ends inside a character whose bytes span two tokens (it takes the next token too).
 */
export function splitByTokens(tokenizer: Tokenizer, text: string, tokensPerPiece: number): TokenPiece[] {
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
