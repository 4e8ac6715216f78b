import type { WebhookEndpoint } from '../generated/scenarios.ts';

/**
 * What the long jobs announce when they end: a batch completed, failed, expired or was cancelled; a background
 * response completed, failed, was cancelled or ended incomplete. The webhook endpoints deliver these, as the
 * service's webhooks do; the event types are the service's, listed once, in the schema's webhook `events`.
 */
export type JobEventType = WebhookEndpoint['events'][number];

export interface JobEvent {
  type: JobEventType;
  /** The job's id (`batch_…`, `resp_…`, `video_…`): the event's `data.id`. */
  id: string;
  /** When it happened on the job clock, in epoch seconds: the event's `created_at`. */
  createdAt: number;
  /** The resource the job was created on (`default` for the simulator's own). */
  resource: string;
}

export type JobEventListener = (event: JobEvent) => void;

/** Where jobs announce their ends and webhooks listen: in-process, one per simulator. */
export class JobEvents {
  readonly #listeners: JobEventListener[] = [];

  subscribe(listener: JobEventListener): void {
    this.#listeners.push(listener);
  }

  emit(event: JobEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
