import type { RegisteredEndpoint } from './registered-endpoints.ts';

/** Lists at most this many endpoints per page unless `limit` says otherwise, as openai-node's reference gives it. */
const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/**
 * An endpoint as the service answers it: the Azure how-to's `object: "webhook.endpoint"` and a masked hint of the
 * secret (`whsec_...8s8=`); the secret itself only on create and rotate (`withSecret`).
 */
export function endpointObject(endpoint: RegisteredEndpoint, withSecret = false): Record<string, unknown> {
  return {
    id: endpoint.id,
    object: 'webhook.endpoint',
    created_at: endpoint.createdAt,
    updated_at: endpoint.updatedAt,
    event_types: endpoint.eventTypes,
    name: endpoint.name,
    ...(withSecret ? { signing_secret: endpoint.secret } : {}),
    signing_secret_hint: `whsec_...${endpoint.secret.slice(-4)}`,
    url: endpoint.url,
  };
}

/** One page of `endpoints` (newest first) after the one whose id is `after`, as openai-node's CursorPage reads it. */
export function endpointListPage(endpoints: readonly RegisteredEndpoint[], query: { after?: unknown; limit?: unknown }) {
  const limit = pageLimit(query.limit);
  const start = typeof query.after === 'string' ? endpoints.findIndex((endpoint) => endpoint.id === query.after) + 1 : 0;
  // an `after` naming no endpoint starts nowhere: an empty page, not the first one again
  const page = typeof query.after === 'string' && start === 0 ? [] : endpoints.slice(start, start + limit);
  return {
    object: 'list',
    data: page.map((endpoint) => endpointObject(endpoint)),
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
    has_more: page.length > 0 && start + page.length < endpoints.length,
  };
}

function pageLimit(value: unknown): number {
  const limit = typeof value === 'string' ? Number(value) : DEFAULT_PAGE;
  return Number.isInteger(limit) ? Math.min(MAX_PAGE, Math.max(1, limit)) : DEFAULT_PAGE;
}
