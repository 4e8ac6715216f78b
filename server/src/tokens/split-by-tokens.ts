import { BoundedLru } from '../memory/index.ts';
import type { Tokenizer } from './tokenizer.ts';

/** A piece of text as a stream sends it, with the tokens it carries. */
export interface TokenPiece {
  text: string;
  tokens: number;
}

/** Splits already made, per tokenizer: a load test streams the same (remembered) answers again and again. */
const splits = new WeakMap<Tokenizer, BoundedLru<string, readonly TokenPiece[]>>();
const SPLITS_BOUNDS = { maxEntries: 2000, maxBytes: 8 * 1024 * 1024 };
const SPLIT_TEXT_MAX = 8192;
/** What a piece costs besides its text: the object, its two fields and its slot in the array. */
const PIECE_BYTES = 48;

/**
 * `text` in pieces of about `tokensPerPiece` tokens, as a stream sends it. The pieces join back to exactly
 * `text`: a piece never ends inside a character whose bytes span two tokens (it takes the next tokens too).
 * A split is remembered (bounded by count and bytes, the least recently used forgotten first): a load test
 * streams the same answers again.
 */
export function splitByTokens(tokenizer: Tokenizer, text: string, tokensPerPiece: number): readonly TokenPiece[] {
  // long texts are split afresh: the memo is for the short answers a load test repeats, and stays small
  if (text.length > SPLIT_TEXT_MAX) return splitUncached(tokenizer, text, tokensPerPiece);
  let known = splits.get(tokenizer);
  if (!known) splits.set(tokenizer, (known = new BoundedLru(SPLITS_BOUNDS, bytesOfPieces)));
  const key = `${tokensPerPiece}\u0000${text}`;
  const split = known.get(key);
  if (split) return split;
  const made = Object.freeze(splitUncached(tokenizer, text, tokensPerPiece).map((piece) => Object.freeze(piece)));
  known.set(key, made);
  return made;
}

function bytesOfPieces(pieces: readonly TokenPiece[]): number {
  let bytes = 0;
  for (const piece of pieces) bytes += PIECE_BYTES + piece.text.length;
  return bytes;
}

function splitUncached(tokenizer: Tokenizer, text: string, tokensPerPiece: number): TokenPiece[] {
  const tokens = tokenizer.encode(text);
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const pieces: TokenPiece[] = [];
  let emitted = 0;
  let from = 0;
  // each piece decodes only its own tokens: decoding the whole prefix each time took time quadratic in the text
  for (let to = tokensPerPiece; from < tokens.length; to += tokensPerPiece) {
    const last = to >= tokens.length;
    const upTo = Math.min(to, tokens.length);
    const bytes = tokenizer.decodeBytes(tokens.slice(from, upTo));
    if (!last && endsInsideCharacter(bytes)) continue;
    const end = last ? text.length : emitted + utf8.decode(bytes).length;
    if (end > emitted) pieces.push({ text: text.slice(emitted, end), tokens: upTo - from });
    emitted = end;
    from = upTo;
  }
  return pieces;
}

/** Whether UTF-8 `bytes`, which begin at a character, end before their last character does. */
function endsInsideCharacter(bytes: Uint8Array): boolean {
  for (let back = 1; back <= 4 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: the character began earlier
    const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return back < length;
  }
  return false;
}
