import type { Tokenizer } from './tokenizer.ts';

/**
 * `text` in pieces of about `tokensPerPiece` tokens, as a stream sends it. The pieces join back to exactly
 * `text`: a piece never ends inside a character whose bytes span two tokens.
 */
export function splitByTokens(tokenizer: Tokenizer, text: string, tokensPerPiece: number): string[] {
  const tokens = tokenizer.encode(text);
  const pieces: string[] = [];
  let emitted = 0;
  for (let end = tokensPerPiece; emitted < text.length; end += tokensPerPiece) {
    const prefix = end >= tokens.length ? text : tokenizer.decode(tokens.slice(0, end));
    if (end < tokens.length && prefix.endsWith('\uFFFD')) continue;
    if (prefix.length > emitted) pieces.push(prefix.slice(emitted));
    emitted = prefix.length;
    if (end >= tokens.length) break;
  }
  return pieces;
}
