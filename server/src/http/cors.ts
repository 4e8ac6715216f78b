import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUnder } from './request-target.ts';

/**
 * CORS for the /openai routes, so that a page in a browser can call the simulator as it calls the service: a
 * preflight is answered before authentication (a browser never sends credentials on one), and every answer to a
 * page's request says its origin may read it and which of the service's headers it may read.
 */

/** The response headers a page may read: the service's ids, the rate-limit state and the retry advice. */
export const EXPOSED_HEADERS: readonly string[] = [
  'apim-request-id',
  'x-request-id',
  'x-ms-client-request-id',
  'x-ms-region',
  'x-ms-deployment-name',
  'azureml-model-session',
  'retry-after',
  'retry-after-ms',
  'x-should-retry',
  'x-ratelimit-limit-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-requests',
  'x-ratelimit-reset-tokens',
  'x-ms-spillover-from-deployment',
  'x-ms-spillover-error',
];

/** How long a browser may reuse a preflight's answer, in seconds. */
export const PREFLIGHT_MAX_AGE_S = 3600;

/** What a request asks of CORS: its Origin and, on a preflight, the method and headers it means to send. */
export interface CorsRequest {
  method: string;
  origin: string;
  /** `Access-Control-Request-Method`, present only on a preflight. */
  requestMethod: string | undefined;
  requestHeaders: string | undefined;
}

/** The CORS answer: a preflight answered here, or headers added to the answer the request gets anyway. */
export type CorsAnswer = { preflight: boolean; headers: Record<string, string> };

/**
 * Decides the CORS answer for a request from `origin`, or undefined when the origin is not allowed (the request
 * is then served as if CORS did not exist, and the browser keeps the answer from the page). `allowedOrigins`:
 * the origins allowed, `*` for any.
 */
export function decideCors(request: CorsRequest, allowedOrigins: ReadonlySet<string>): CorsAnswer | undefined {
  if (!allowedOrigins.has('*') && !allowedOrigins.has(request.origin.toLowerCase())) return undefined;
  // the origin echoed rather than `*`, so that a page sending credentials is answered too
  const headers: Record<string, string> = { 'access-control-allow-origin': request.origin, vary: 'Origin' };
  if (request.method === 'OPTIONS' && request.requestMethod !== undefined) {
    headers['access-control-allow-methods'] = request.requestMethod;
    if (request.requestHeaders) headers['access-control-allow-headers'] = request.requestHeaders;
    headers['access-control-max-age'] = String(PREFLIGHT_MAX_AGE_S);
    return { preflight: true, headers };
  }
  headers['access-control-expose-headers'] = EXPOSED_HEADERS.join(', ');
  return { preflight: false, headers };
}

/**
 * The app listener's CORS step for a request that carries an Origin (the listener checks that, so a request
 * without one costs nothing more): answers a preflight to an /openai route and returns true, or sets the CORS
 * headers on the response that follows and returns false. Undefined when no origin is allowed.
 */
export function corsStep(allowedOrigins: readonly string[]): ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined {
  if (allowedOrigins.length === 0) return undefined;
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  return (req, res) => {
    // normalized by the app's listener (see normalizeTarget)
    if (!isUnder(req.url ?? '/', '/openai')) return false;
    const answer = decideCors(
      {
        method: req.method ?? 'GET',
        origin: headerValue(req.headers.origin),
        requestMethod: req.headers['access-control-request-method'] as string | undefined,
        requestHeaders: req.headers['access-control-request-headers'],
      },
      allowed,
    );
    if (!answer) return false;
    if (answer.preflight) {
      res.writeHead(200, { ...answer.headers, 'content-length': '0' });
      res.end();
      return true;
    }
    // set on the response itself: the data plane's and Koa's own headers are merged with these when they write
    for (const name in answer.headers) res.setHeader(name, answer.headers[name]!);
    return false;
  };
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
