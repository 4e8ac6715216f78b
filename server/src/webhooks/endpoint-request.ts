import { AoaiError } from '../http/aoai-error.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/**
 * The event types an endpoint may be registered for: the Azure how-to's list (responses, batches, fine-tuning,
 * realtime calls) and the video jobs the simulator also announces, as openai-node's WebhookCreateParams has them.
 * The simulator never emits fine-tuning or realtime events; registering for them is allowed, as on the service.
 */
export const WEBHOOK_EVENT_TYPES = [
  'batch.completed',
  'batch.failed',
  'batch.expired',
  'batch.cancelled',
  'response.completed',
  'response.failed',
  'response.cancelled',
  'response.incomplete',
  'fine_tuning.job.succeeded',
  'fine_tuning.job.failed',
  'fine_tuning.job.cancelled',
  'realtime.call.incoming',
  'video.completed',
  'video.failed',
] as const;

/** The most characters of a name and of a url, as openai-node's reference gives them. */
const MAX_NAME_CHARS = 256;
const MAX_URL_CHARS = 2048;

/** What a create or an update asks for; an update names only what it changes. */
export interface EndpointChanges {
  name?: string;
  url?: string;
  eventTypes?: string[];
}

export const webhookEndpointErrors = {
  notFound: (id: string) =>
    AoaiError.openai(404, `No webhook endpoint found with id '${id}'.`, { param: 'webhook_endpoint_id', code: 'not_found' }),
  tooMany: (cap: number) =>
    AoaiError.openai(400, `This resource already has ${cap} webhook endpoints, the most it may have. Delete one first.`, {
      code: 'limit_exceeded',
    }),
};

/** Reads a create's body: `url` and `event_types` required, `name` optional (the how-to's callers send it). */
export function createRequest(fields: Record<string, unknown>): EndpointChanges & { url: string; eventTypes: string[] } {
  const request = changesOf(fields);
  if (request.url === undefined)
    throw serviceErrors.invalidRequest("Missing required parameter: 'url'.", 'url', 'missing_required_parameter');
  if (request.eventTypes === undefined)
    throw serviceErrors.invalidRequest("Missing required parameter: 'event_types'.", 'event_types', 'missing_required_parameter');
  return { ...request, url: request.url, eventTypes: request.eventTypes };
}

/** Reads an update's body: any of `name`, `url`, `event_types`; the signing secret is not one of them. */
export function updateRequest(fields: Record<string, unknown>): EndpointChanges {
  return changesOf(fields);
}

function changesOf(fields: Record<string, unknown>): EndpointChanges {
  const unknown = Object.keys(fields).filter((key) => key !== 'name' && key !== 'url' && key !== 'event_types');
  if (unknown.length > 0) throw serviceErrors.unrecognizedArguments(unknown);
  const changes: EndpointChanges = {};
  if (fields.name !== undefined) changes.name = nameOf(fields.name);
  if (fields.url !== undefined) changes.url = urlOf(fields.url);
  if (fields.event_types !== undefined) changes.eventTypes = eventTypesOf(fields.event_types);
  return changes;
}

function nameOf(value: unknown): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > MAX_NAME_CHARS)
    throw serviceErrors.invalidRequest(`'name' must be a string of 1 to ${MAX_NAME_CHARS} characters.`, 'name', 'invalid_value');
  return value;
}

/**
 * An absolute http or https URL. The service wants https; the simulator also takes http, since its receivers are
 * on loopback in tests.
 */
function urlOf(value: unknown): string {
  const invalid = () =>
    serviceErrors.invalidRequest(
      `'url' must be an absolute http or https URL of at most ${MAX_URL_CHARS} characters.`,
      'url',
      'invalid_url',
    );
  if (typeof value !== 'string' || value.length > MAX_URL_CHARS) throw invalid();
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalid();
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid();
  return value;
}

function eventTypesOf(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw serviceErrors.invalidRequest("'event_types' must be a non-empty array of event types.", 'event_types', 'invalid_value');
  for (const type of value) {
    if (typeof type !== 'string' || !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type))
      throw serviceErrors.invalidRequest(
        `Invalid event type: ${JSON.stringify(type)}. Supported values are: ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
        'event_types',
        'invalid_value',
      );
  }
  return [...new Set(value as string[])];
}
