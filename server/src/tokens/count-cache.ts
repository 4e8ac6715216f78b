import { BoundedLru } from '../memory/index.ts';

/**
 * A bounded memo of token counts for short strings. Load tests send the same prompts over and over, and each
 * count crosses into the tokenizer's WASM (copying the string in): remembering the count of a role name or a
 * repeated message saves that. Bounded by entries and by the bytes of the texts kept; the least recently used
 * is forgotten first.
 */
export class CountCache {
  private readonly counts: BoundedLru<string, number>;
  private readonly maxLength: number;

  constructor(maxEntries = 20_000, maxLength = 4096, maxBytes = 8 * 1024 * 1024) {
    this.counts = new BoundedLru({ maxEntries, maxBytes }, () => 8);
    this.maxLength = maxLength;
  }

  count(text: string, compute: (text: string) => number): number {
    if (text.length > this.maxLength) return compute(text);
    const known = this.counts.get(text);
    if (known !== undefined) return known;
    const counted = compute(text);
    this.counts.set(text, counted);
    return counted;
  }

  /** The bytes of text kept, as estimated. */
  get bytes(): number {
    return this.counts.bytes;
  }
}
