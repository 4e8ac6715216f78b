import type { JobEvent } from '../jobs/job-events.ts';

/**
 * The body the service POSTs for a job event: `{"id":"evt_…","object":"event","created_at":…,"type":…,"data":{"id":…}}`
 * (openai-node's BatchCompletedWebhookEvent, ResponseCompletedWebhookEvent and their kin). The data carries the
 * job's id only: a receiver retrieves the batch, response or video for the rest.
 */
export function eventBody(event: JobEvent, id: string): string {
  return JSON.stringify({ id, object: 'event', created_at: event.createdAt, type: event.type, data: { id: event.id } });
}
