import { quotaKey } from '../../limits/quota-key.ts';

/** Where enqueued tokens are held: a batch deployment of a resource. */
export interface QueueAddress {
  resource: string;
  deployment: string;
}

/**
 * The prompt tokens each batch deployment's unfinished batches hold: the service's enqueued-token quota counts
 * them from validation until the batch ends.
 */
export class EnqueuedTokens {
  readonly #held = new Map<string, QueueAddress & { tokens: number }>();

  /** Holds `tokens` at `at` when they fit under `limit` with what is held already; false (and nothing held) otherwise. */
  reserve(at: QueueAddress, tokens: number, limit: number): boolean {
    const key = quotaKey(at.resource, at.deployment);
    const held = this.#held.get(key)?.tokens ?? 0;
    if (held + tokens > limit) return false;
    this.#held.set(key, { resource: at.resource, deployment: at.deployment, tokens: held + tokens });
    return true;
  }

  /** Gives back what a batch held, once it ends. */
  release(at: QueueAddress, tokens: number): void {
    const key = quotaKey(at.resource, at.deployment);
    const left = (this.#held.get(key)?.tokens ?? 0) - tokens;
    if (left > 0) this.#held.set(key, { resource: at.resource, deployment: at.deployment, tokens: left });
    else this.#held.delete(key);
  }

  /** What `at` holds now. */
  held(at: QueueAddress): number {
    return this.#held.get(quotaKey(at.resource, at.deployment))?.tokens ?? 0;
  }

  /** Every deployment holding tokens now. */
  all(): Array<QueueAddress & { tokens: number }> {
    return [...this.#held.values()].map((entry) => ({ ...entry }));
  }
}
