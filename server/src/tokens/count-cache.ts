/**
 * A bounded memo of token counts for short strings. Load tests send the same prompts over and over, and each
 * count crosses into the tokenizer's WASM (copying the string in): remembering the count of a role name or a
 * repeated message saves that. Cleared whole when full, which keeps it simple and bounded.
 */
export class CountCache {
  private readonly counts = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly maxLength: number;

  constructor(maxEntries = 20_000, maxLength = 4096) {
    this.maxEntries = maxEntries;
    this.maxLength = maxLength;
  }

  count(text: string, compute: (text: string) => number): number {
    if (text.length > this.maxLength) return compute(text);
    const known = this.counts.get(text);
    if (known !== undefined) return known;
    const counted = compute(text);
    if (this.counts.size >= this.maxEntries) this.counts.clear();
    this.counts.set(text, counted);
    return counted;
  }
}
