import { RingBuffer } from '../journal/ring-buffer.ts';
import type { JobEventType } from '../jobs/job-events.ts';

/** One attempt to deliver an event to an endpoint, as GET /__sim/webhooks/deliveries lists it. */
export interface WebhookAttempt {
  /** A sequence number, increasing by one per attempt listed. */
  seq: number;
  /** When the attempt was made, on the job clock, ISO 8601. */
  time: string;
  endpoint: { name?: string; url: string };
  /** The message's `webhook-id`: the same for every attempt at one event to one endpoint. */
  webhookId: string;
  /** The event's id (`evt_…`), its type and its job's id. */
  event: { id: string; type: JobEventType; dataId: string };
  /** 1 for the first attempt; 0 for an event that was not attempted (dropped). */
  attempt: number;
  /**
   * `delivered` (2xx), `failed` (another status, a timeout, a connection error: retried while the schedule lasts),
   * or `dropped`: the queue of deliveries was full, and the event was not sent to this endpoint.
   */
  outcome: 'delivered' | 'failed' | 'dropped';
  /** The receiver's status, when it answered. */
  status?: number;
  /** Why there was no answer (`timeout`, `ECONNREFUSED`, …), or why it was dropped. */
  error?: string;
  /** When the next attempt is due, on the job clock, ISO 8601; absent when there is none. */
  nextAttemptAt?: string;
}

/** The attempts to list: filters of GET /__sim/webhooks/deliveries. */
export interface AttemptFilter {
  type?: string;
  /** The job's id (`resp_…`, `batch_…`). */
  dataId?: string;
  endpoint?: string;
  outcome?: string;
}

/**
 * The latest webhook delivery attempts, bounded (the oldest forgotten first), with running totals by outcome that
 * forgetting never lowers: what the control API lists and the metrics count.
 */
export class WebhookAttemptLog {
  readonly #ring: RingBuffer<WebhookAttempt>;
  #seq = 0;
  readonly totals = { delivered: 0, failed: 0, dropped: 0 };

  constructor(maxListed: number) {
    this.#ring = new RingBuffer(Math.max(0, maxListed));
  }

  record(attempt: Omit<WebhookAttempt, 'seq'>): void {
    this.totals[attempt.outcome]++;
    if (this.#ring.maxSize === 0) return;
    if (this.#ring.size === this.#ring.maxSize) this.#ring.shift();
    this.#ring.push({ seq: ++this.#seq, ...attempt });
  }

  /** The attempts listed that match `filter`, oldest first. */
  list(filter: AttemptFilter = {}): WebhookAttempt[] {
    const matching: WebhookAttempt[] = [];
    for (let i = 0; i < this.#ring.size; i++) {
      const attempt = this.#ring.at(i)!;
      if (filter.type !== undefined && attempt.event.type !== filter.type) continue;
      if (filter.dataId !== undefined && attempt.event.dataId !== filter.dataId) continue;
      if (filter.endpoint !== undefined && attempt.endpoint.name !== filter.endpoint && attempt.endpoint.url !== filter.endpoint) continue;
      if (filter.outcome !== undefined && attempt.outcome !== filter.outcome) continue;
      matching.push(attempt);
    }
    return matching;
  }

  /** Forgets the attempts listed; the totals stay, as counters do. */
  clear(): void {
    this.#ring.clear();
  }
}
