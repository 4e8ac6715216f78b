import type { JobClock } from '../../clock/index.ts';
import type { JobEvents, JobEventType } from '../../jobs/job-events.ts';
import type { ResponseStore, StoredResponse } from './response-store.ts';

/**
 * Background responses on the job clock: they are created, read and cancelled at its time, and each run ends
 * with one event on the job events bus, as the service's webhooks announce them. A run's end is one timer at
 * its `doneAt`, which announces `response.completed` (or `response.incomplete`); a cancel clears it and
 * announces `response.cancelled` at once, so no response ends twice.
 *
 * At most `maxPending` ends wait at once (the stored responses' own bound): past it the run that has waited
 * longest ends unannounced, so a load test of background requests never grows the timers without end.
 */
export class BackgroundEnds {
  readonly jobs: JobClock;
  readonly #events: JobEvents;
  readonly #store: ResponseStore;
  readonly #maxPending: number;
  /** The timer of each run not ended yet, by response id, oldest first. */
  readonly #timers = new Map<string, unknown>();

  constructor(jobs: JobClock, events: JobEvents, store: ResponseStore, maxPending: number) {
    this.jobs = jobs;
    this.#events = events;
    this.#store = store;
    this.#maxPending = Math.max(1, maxPending);
  }

  /** The job clock's time, epoch ms: when a background response is created, read or cancelled. */
  now(): number {
    return this.jobs.epochMs();
  }

  /** How many runs wait for their end. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Sets the timer that announces the end of `stored`'s run when it is due. */
  scheduleEnd(stored: StoredResponse): void {
    const run = stored.background;
    if (!run) return;
    if (this.#timers.size >= this.#maxPending) this.#forget(this.#timers.keys().next().value!);
    const type: JobEventType = stored.body.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    const handle = this.jobs.setTimeout(() => this.#end(stored.id, type, run.doneAt, run.resource), run.doneAt - this.now());
    this.#timers.set(stored.id, handle);
  }

  /** Announces a cancel that the store has just kept, and forgets the run's end. */
  cancelled(stored: StoredResponse): void {
    const run = stored.background;
    if (run?.cancelledAt === undefined) return;
    this.#forget(stored.id);
    this.#events.emit({ type: 'response.cancelled', id: stored.id, createdAt: Math.floor(run.cancelledAt / 1000), resource: run.resource });
  }

  async #end(id: string, type: JobEventType, doneAt: number, resource: string): Promise<void> {
    this.#timers.delete(id);
    // a replica sharing the store may have cancelled it: that one announced the cancel
    const kept = await this.#store.response(id);
    if (kept?.background?.cancelledAt !== undefined) return;
    this.#events.emit({ type, id, createdAt: Math.floor(doneAt / 1000), resource });
  }

  #forget(id: string): void {
    const handle = this.#timers.get(id);
    if (handle === undefined) return;
    this.jobs.clearTimeout(handle);
    this.#timers.delete(id);
  }
}
