import { setImmediate as nextTurn } from 'node:timers/promises';
import { BoundedLru } from '../memory/index.ts';

/**
 * Counting the tokens of a large text without holding the event loop. tiktoken counts about 1.3 M tokens a
 * second, so a 4 MiB prompt (the body limit allows 25) took a quarter of a second in one piece: every other
 * request, stream and timer of the simulator waited that long. A large text is instead counted in segments of
 * about SEGMENT_CHARS, one event-loop turn each, and its count kept for the synchronous count that follows.
 *
 * The segments are cut where the count cannot change: before a space that follows a character other than white
 * space. No pre-tokenizer piece of o200k_base or cl100k_base runs across such a place (a space only begins a
 * piece, or belongs to a run of white space), so the segments' counts add up exactly to the whole's. A text with
 * no such place within a stretch of MAX_SEGMENT_CHARS (base64, say) is cut anyway, which moves its count by about
 * a token per cut, as long-runs.ts does for runs of one kind of character.
 */

/** A text longer than this many UTF-16 units is counted in segments, on several turns of the event loop. */
export const LARGE_TEXT_CHARS = 64 * 1024;
/** About what one turn counts: some 4 ms of tiktoken's time. */
const SEGMENT_CHARS = 16 * 1024;
/** The furthest a cut is looked for past SEGMENT_CHARS before the text is cut where it stands. */
const MAX_SEGMENT_CHARS = 32 * 1024;

/** Where `text` is cut into segments: ascending UTF-16 offsets, never inside a surrogate pair. */
export function segmentCuts(text: string): number[] {
  const cuts: number[] = [];
  for (let start = 0; text.length - start > MAX_SEGMENT_CHARS;) {
    let cut = exactCut(text, start + SEGMENT_CHARS, start + MAX_SEGMENT_CHARS);
    if (cut === -1) cut = outsidePair(text, start + SEGMENT_CHARS);
    cuts.push(cut);
    start = cut;
  }
  return cuts;
}

/** The first place in [from, to) before a space that follows something other than white space, or -1. */
function exactCut(text: string, from: number, to: number): number {
  for (let i = text.indexOf(' ', from); i !== -1 && i < to; i = text.indexOf(' ', i + 1)) {
    if (!/\s/.test(text[i - 1]!)) return i;
  }
  return -1;
}

function outsidePair(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff ? at + 1 : at;
}

/**
 * The counts of large texts, counted a segment a turn and kept (by the text, bounded by count and bytes) for the
 * synchronous count of the same text that follows on the same request.
 */
export class LargeTextCounts {
  readonly #counts = new BoundedLru<string, { tokens: number }>({ maxEntries: 8, maxBytes: 4 * 1024 * 1024 }, () => 16);
  readonly #countSegment: (segment: string) => number;

  constructor(countSegment: (segment: string) => number) {
    this.#countSegment = countSegment;
  }

  /** The count kept for `text`, when it was counted by countYielding. */
  known(text: string): number | undefined {
    return text.length > LARGE_TEXT_CHARS ? this.#counts.get(text)?.tokens : undefined;
  }

  /** Counts `text` a segment per event-loop turn (a short text at once), and keeps the count. */
  async countYielding(text: string): Promise<number> {
    if (text.length <= LARGE_TEXT_CHARS) return this.#countSegment(text);
    const kept = this.#counts.get(text);
    if (kept) return kept.tokens;
    let tokens = 0;
    let start = 0;
    for (const cut of [...segmentCuts(text), text.length]) {
      tokens += this.#countSegment(text.slice(start, cut));
      start = cut;
      if (cut < text.length) await nextTurn();
    }
    this.#counts.set(text, { tokens });
    return tokens;
  }
}
