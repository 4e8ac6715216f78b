/**
 * The prompt tokens each batch deployment's unfinished batches hold: the service's enqueued-token quota counts
 * them from validation until the batch ends. Keyed by resource and deployment (see quotaKey).
 */
export class EnqueuedTokens {
  readonly #held = new Map<string, number>();

  /** Holds `tokens` on `key` when they fit under `limit` with what is held already; false (and nothing held) otherwise. */
  reserve(key: string, tokens: number, limit: number): boolean {
    const held = this.#held.get(key) ?? 0;
    if (held + tokens > limit) return false;
    this.#held.set(key, held + tokens);
    return true;
  }

  /** Gives back what a batch held, once it ends. */
  release(key: string, tokens: number): void {
    const left = (this.#held.get(key) ?? 0) - tokens;
    if (left > 0) this.#held.set(key, left);
    else this.#held.delete(key);
  }

  /** What `key` holds now. */
  held(key: string): number {
    return this.#held.get(key) ?? 0;
  }
}
