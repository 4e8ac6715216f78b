import { randomBytes } from 'node:crypto';
import type { JobEvent } from '../jobs/job-events.ts';

/** An event's id as the service's look: `evt_` and 32 hex digits. */
export const eventId = (): string => `evt_${randomBytes(16).toString('hex')}`;

/** A message's `webhook-id`, the same for every attempt to deliver it: `wh_` and 32 hex digits, as the service's. */
export const webhookId = (): string => `wh_${randomBytes(16).toString('hex')}`;

/**
 * The body the service POSTs for a job event: `{"id":"evt_…","object":"event","created_at":…,"type":…,"data":{"id":…}}`
 * (openai-node's BatchCompletedWebhookEvent, ResponseCompletedWebhookEvent and their kin). The data carries the
 * job's id only: a receiver retrieves the batch, response or video for the rest.
 */
export function eventBody(event: JobEvent, id: string): string {
  return JSON.stringify({ id, object: 'event', created_at: event.createdAt, type: event.type, data: { id: event.id } });
}
