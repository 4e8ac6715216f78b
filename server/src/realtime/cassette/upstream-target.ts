import type { IncomingHttpHeaders } from 'node:http';
import type { Upstream } from '../../record/upstream.ts';

/** Upgrade headers worth forwarding: what shapes the session, never hop-by-hop or WebSocket handshake headers. */
const FORWARDED = ['user-agent', 'openai-beta', 'x-ms-client-request-id'];

/** Where a recorded session is forwarded to, with which headers, and the secrets never to write down. */
export interface UpstreamTarget {
  url: string;
  headers: Record<string, string>;
  secrets: string[];
}

/**
 * The upstream's realtime WebSocket for a session that came to `target` (path and query): the same path and
 * query on the upstream's host, `wss:` for an `https:` endpoint (`ws:` for `http:`). It authenticates as HTTP
 * recording does: with the upstream key when there is one, else with the caller's own `api-key` or
 * `Authorization`. A key the caller put in the query moves to the header, so that it is in no URL.
 *
 * @example upstreamTarget({ endpoint: 'https://r.openai.azure.com', apiKey: 'k' }, '/openai/v1/realtime?model=gpt-realtime', {}).url
 *   === 'wss://r.openai.azure.com/openai/v1/realtime?model=gpt-realtime'
 */
export function upstreamTarget(upstream: Upstream, target: string, callerHeaders: IncomingHttpHeaders): UpstreamTarget {
  const base = new URL(upstream.endpoint.endsWith('/') ? upstream.endpoint : `${upstream.endpoint}/`);
  base.protocol = base.protocol === 'http:' || base.protocol === 'ws:' ? 'ws:' : 'wss:';
  const url = new URL(target, base);
  const queryKey = url.searchParams.get('api-key') ?? '';
  url.searchParams.delete('api-key');
  const header = (name: string) => {
    const value = callerHeaders[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  };
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) if (header(name)) headers[name] = header(name);
  const callerKey = header('api-key') || queryKey;
  const authorization = header('authorization');
  if (upstream.apiKey) headers['api-key'] = upstream.apiKey;
  else if (callerKey) headers['api-key'] = callerKey;
  else if (authorization) headers.authorization = authorization;
  const secrets = [upstream.apiKey ?? '', callerKey, ...callerSecrets(callerHeaders)];
  return { url: url.toString(), headers, secrets: secrets.filter((secret) => secret.length > 0) };
}

/** The caller's credentials, as a recording redacts them and a replay redacts its events before matching them. */
export function callerSecrets(headers: IncomingHttpHeaders): string[] {
  const value = (name: string) => {
    const given = headers[name];
    return Array.isArray(given) ? given.join(', ') : (given ?? '');
  };
  const authorization = value('authorization');
  return [value('api-key'), authorization, authorization.replace(/^bearer\s+/i, '')].filter((secret) => secret.length > 0);
}
