import { checkApiVersion } from '../protocol/api-version-check.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/**
 * Which protocol a session speaks: `ga` on `/openai/v1/realtime?model=…` (the GA event names:
 * `conversation.item.added`, `response.output_text.delta`), `preview` on
 * `/openai/realtime?api-version=…&deployment=…` (the preview's: `conversation.item.created`, `response.text.delta`).
 */
export type RealtimeFlavor = 'ga' | 'preview';

/** What a realtime WebSocket request asks for, read from its path and query. */
export interface RealtimeAddress {
  flavor: RealtimeFlavor;
  deployment: string;
  /** The preview's api-version; undefined on the GA route, which takes none. */
  apiVersion: string | undefined;
  /** An `api-key` query parameter, which the service takes where a browser's WebSocket cannot send the header. */
  queryApiKey: string;
}

const GA_PATH = '/openai/v1/realtime';
const PREVIEW_PATH = '/openai/realtime';

/** Whether a (normalized) path is one of the realtime routes, in any case and with one trailing slash. */
export function isRealtimePath(path: string): boolean {
  const lower = path.toLowerCase().replace(/\/$/, '');
  return lower === GA_PATH || lower === PREVIEW_PATH;
}

/**
 * The address of a realtime request, or the service's error: a missing deployment is a 400 naming the parameter
 * (the service's words unconfirmed), the preview's api-version is checked as a dated route's is (404 without one,
 * 400 for one the policy refuses).
 */
export function realtimeAddress(path: string, query: URLSearchParams, policy: 'strict' | 'any'): RealtimeAddress {
  const flavor: RealtimeFlavor = path.toLowerCase().replace(/\/$/, '') === GA_PATH ? 'ga' : 'preview';
  const apiVersion = flavor === 'preview' ? checkApiVersion(query.get('api-version') ?? undefined, 'dated', policy) : undefined;
  const parameter = flavor === 'ga' ? 'model' : 'deployment';
  const deployment = query.get(parameter) ?? '';
  if (deployment === '')
    throw serviceErrors.invalidRequest(`Missing required query parameter: ${parameter}`, parameter, 'missing_required_parameter');
  return { flavor, deployment, apiVersion, queryApiKey: query.get('api-key') ?? '' };
}
