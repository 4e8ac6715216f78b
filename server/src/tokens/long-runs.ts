/**
 * Where to cut a text before tiktoken sees it, so that no pre-tokenizer piece is long. tiktoken's byte-pair merge
 * takes time quadratic in a piece's length, and a piece can be as long as a run of one kind of character: 96 KiB
 * of one letter held the event loop for 15 s, and at 1 MiB the WASM trapped ("unreachable"). Normal text has no
 * long runs and is counted whole, exactly as before; a text with one is counted in segments, each long run cut
 * into slices, which costs time linear in the text and changes the count by about a token per cut.
 *
 * The runs follow the o200k_base and cl100k_base pre-tokenizer patterns. Every piece they make lies within one of:
 * - a run of letters and marks (`\p{L}`, `\p{M}`), with one character before it and a contraction (`'ll`) after;
 * - a run of punctuation and symbols (not a letter, number or space; marks too), with a space before it and a run
 *   of `\r`, `\n` and `/` after it;
 * - a run of white space, or of `\r`, `\n` and `/`;
 * - up to three digits.
 * So a text whose runs of each of these kinds are all short makes no long piece.
 */

/** A run longer than this many UTF-8 bytes is cut. Pieces this long cost tiktoken about 2× normal text per byte. */
export const LONG_RUN_BYTES = 512;
/** A long run is cut into slices of this many UTF-8 bytes, where tiktoken is fastest per byte (~200 ns). */
export const SLICE_BYTES = 128;

const WORD = 1;
const PUNCT = 2;
const SPACE = 4;
const TAIL = 8;
const KINDS = [WORD, PUNCT, SPACE, TAIL] as const;

/**
 * The kinds of each character of the Basic Multilingual Plane, ASCII filled at once and the rest on first use.
 * Characters outside it count as letters and as punctuation both: tiktoken's Unicode tables are older than
 * Node's, and letters added since (CJK extension I, the scripts of Unicode 16) are punctuation to tiktoken.
 */
const kinds = new Uint8Array(0x10000);
let bmpFilled = false;

function fillKinds(from: number, to: number): void {
  for (let code = from; code < to; code++) {
    if (code >= 0xd800 && code <= 0xdfff) {
      kinds[code] = PUNCT; // a lone surrogate reaches tiktoken as U+FFFD, a symbol
      continue;
    }
    const char = String.fromCharCode(code);
    const letter = LETTER.test(char);
    const mark = MARK.test(char);
    const space = SPACE_CHAR.test(char);
    let kind = letter || mark ? WORD : 0;
    if (mark || (!letter && !space && !NUMBER.test(char))) kind |= PUNCT;
    if (space) kind |= SPACE;
    if (char === '\r' || char === '\n' || char === '/') kind |= TAIL;
    kinds[code] = kind;
  }
}

const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;
const NUMBER = /\p{N}/u;
// tiktoken's `\s` is Unicode's White_Space; JavaScript's `\s` adds U+FEFF, which is not
const SPACE_CHAR = /\p{White_Space}/u;
fillKinds(0, 0x80);

/**
 * Where to cut `text` (UTF-16 offsets, ascending, never inside a surrogate pair) so that each of its runs longer
 * than LONG_RUN_BYTES is sliced; undefined when it has none, the case of normal text.
 */
export function longRunCuts(text: string): number[] | undefined {
  // each UTF-16 unit is at most 3 UTF-8 bytes: a short text cannot hold a long run
  if (text.length * 3 <= LONG_RUN_BYTES || !hasLongRun(text)) return undefined;
  return cutsOf(text);
}

/**
 * Kind and UTF-8 size of the character at `i`, and its width in UTF-16 units, packed as
 * kind | bytes << 4 | width << 8. Not for ASCII, which callers read from `kinds` directly.
 */
function beyondAscii(text: string, i: number, code: number): number {
  if (code >= 0xd800 && code <= 0xdbff) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return WORD | PUNCT | (4 << 4) | (2 << 8);
  }
  if (!bmpFilled) {
    fillKinds(0x80, 0x10000);
    bmpFilled = true;
  }
  return kinds[code]! | ((code < 0x800 ? 2 : 3) << 4) | (1 << 8);
}

/** ASCII characters packed as beyondAscii packs the rest: one byte, one UTF-16 unit. */
const ascii = Uint16Array.from(kinds.subarray(0, 0x80), (kind) => kind | (1 << 4) | (1 << 8));

function hasLongRun(text: string): boolean {
  let word = 0;
  let punct = 0;
  let space = 0;
  let tail = 0;
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    const character = code < 0x80 ? ascii[code]! : beyondAscii(text, i, code);
    const bytes = (character >> 4) & 0xf;
    // without branches: `-(bit)` keeps the sum when the character is of the kind, and clears it when not
    word = (word + bytes) & -(character & WORD);
    punct = (punct + bytes) & -((character >> 1) & 1);
    space = (space + bytes) & -((character >> 2) & 1);
    tail = (tail + bytes) & -((character >> 3) & 1);
    // LONG_RUN_BYTES is a power of two: the runs' bits or'ed reach it only when one run does
    if ((word | punct | space | tail) >= LONG_RUN_BYTES && Math.max(word, punct, space, tail) > LONG_RUN_BYTES) return true;
    i += character >> 8;
  }
  return false;
}

function cutsOf(text: string): number[] {
  const runs = new Int32Array(KINDS.length);
  const long = new Uint8Array(KINDS.length);
  // slice ends inside a run not yet known to be long: cuts once it is
  const pending: number[][] = KINDS.map(() => []);
  const cuts: number[] = [];
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    const character = code < 0x80 ? ascii[code]! : beyondAscii(text, i, code);
    const bytes = (character >> 4) & 0xf;
    const end = i + (character >> 8);
    for (let k = 0; k < KINDS.length; k++) {
      if (!(character & KINDS[k]!)) {
        if (runs[k] !== 0) {
          runs[k] = 0;
          long[k] = 0;
          pending[k]!.length = 0;
        }
        continue;
      }
      const before = runs[k]!;
      const after = before + bytes;
      runs[k] = after;
      if (Math.floor(after / SLICE_BYTES) > Math.floor(before / SLICE_BYTES)) (long[k] ? cuts : pending[k]!).push(end);
      if (!long[k] && after > LONG_RUN_BYTES) {
        long[k] = 1;
        for (const cut of pending[k]!) cuts.push(cut);
        pending[k]!.length = 0;
      }
    }
    i = end;
  }
  cuts.sort((a, b) => a - b);
  return cuts.filter((cut, index) => cut > 0 && cut < text.length && cut !== cuts[index - 1]);
}
