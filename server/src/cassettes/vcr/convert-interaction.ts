import { isUtf8 } from 'node:buffer';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { match } from 'path-to-regexp';
import { ROUTES } from '../../routes/route-specs.ts';
import type { Interaction, JsonValue, RecordedRequest, RecordedResponse } from '../cassette-types.ts';
import { encodeResponseBody, recordedHeaders } from '../response-body.ts';
import { BODY_HASH_FIELD, bodyDigest } from './body-digest.ts';
import { looksLikeEventStream, sseTextToChunks } from './sse-text.ts';
import type { VcrBody, VcrHeaders, VcrInteraction } from './vcr-file.ts';

/** The most a recorded compressed body may expand to: far above any answer, far below what would exhaust memory. */
const MAX_DECODED_BYTES = 256 * 1024 * 1024;

/** An interaction of ours, or why a recorded one has none (a request this simulator does not serve). */
export type ConvertedInteraction = { interaction: Interaction; digestOnly: boolean } | { skipped: string };

// matched as the data plane matches them: case-insensitive, a trailing slash allowed
const ROUTE_MATCHERS = ROUTES.map((spec) => ({
  spec,
  match: match<Record<string, string>>(spec.path, { sensitive: false, trailing: true }),
}));

/**
 * A Python simulator's interaction as one of ours: operation and deployment from the URL path (or the body's
 * `model` on a v1 route), api-version from its query, the JSON body parsed. A body that is not JSON, or that
 * was dropped for its size, is kept as its digest (see body-digest.ts). The answer: its status, the headers
 * this project records, the body decoded from its content-encoding when it was kept as bytes, and a stream
 * recorded as one text split into its events.
 *
 * @example convertVcrInteraction(cassette.interactions[0], '2024-05-01T10:00:00.000Z')
 */
export function convertVcrInteraction(recorded: VcrInteraction, recordedAt: string): ConvertedInteraction {
  const url = new URL(recorded.request.uri, 'http://recording.invalid');
  const path = url.pathname.replace(/\/{2,}/g, '/');
  const method = recorded.request.method.toUpperCase();
  const route = method === 'POST' ? findRoute(path) : undefined;
  if (!route) return { skipped: `${method} ${path} is not an Azure OpenAI data-plane request` };

  const requestBytes = bodyBytes(recorded.request.body);
  const json = route.spec.body === 'json' && requestBytes ? jsonObject(requestBytes) : undefined;
  const digest = json
    ? undefined
    : (recorded.request.body_hash ?? (requestBytes && bodyDigest(header(recorded.request.headers, 'content-type'), requestBytes)));
  if (!json && digest === undefined) return { skipped: `${method} ${path} was recorded with neither a body nor a body_hash` };
  const deployment = route.params.deployment ?? (typeof json?.model === 'string' ? json.model : undefined);
  if (!deployment) return { skipped: `${method} ${path} names no deployment: a v1 request whose body was not kept` };

  const response = recordedResponse(recorded.response);
  const stream = json ? json.stream === true : response.chunks !== undefined;
  const request: RecordedRequest = {
    method,
    operation: route.spec.operation,
    deployment,
    apiVersion: url.searchParams.get('api-version'),
    ...(stream ? { stream: true } : {}),
    body: json ?? { [BODY_HASH_FIELD]: digest! },
  };
  return { interaction: { recordedAt, request, response }, digestOnly: json === undefined };
}

function recordedResponse(recorded: VcrInteraction['response']): RecordedResponse {
  const headers = Object.fromEntries(Object.keys(recorded.headers ?? {}).map((name) => [name, header(recorded.headers, name)!]));
  const raw = recorded.body?.string ?? null;
  let bytes = bodyBytes(raw) ?? Buffer.alloc(0);
  // VCR.py keeps the bytes as they came, compressed; aoai-api-simulator keeps the text and the stale header
  if (raw instanceof Uint8Array) bytes = decoded(bytes, header(recorded.headers, 'content-encoding'));
  const contentType = header(recorded.headers, 'content-type') ?? '';
  const durationMs = recorded.duration_ms === undefined ? undefined : Math.round(recorded.duration_ms);
  const response: RecordedResponse = {
    status: recorded.status.code,
    headers: recordedHeaders(headers),
    ...(durationMs === undefined ? {} : { durationMs }),
  };
  const text = isUtf8(bytes) ? bytes.toString('utf8') : undefined;
  if (text !== undefined && text !== '' && looksLikeEventStream(contentType, text)) {
    response.chunks = sseTextToChunks(text, durationMs);
    response.headers['content-type'] ??= 'text/event-stream';
  } else {
    response.body = encodeResponseBody(contentType, bytes);
  }
  return response;
}

function findRoute(path: string) {
  for (const { spec, match } of ROUTE_MATCHERS) {
    const found = match(path);
    if (found) return { spec, params: found.params };
  }
  return undefined;
}

/** A header's value, by name in any case; a list of values joined as HTTP joins them. */
function header(headers: VcrHeaders | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === lower) return Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  return undefined;
}

function bodyBytes(body: VcrBody | undefined): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function jsonObject(bytes: Buffer): Record<string, JsonValue> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, JsonValue>) : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes decoded from the content-encoding they say they have, or as they are when they are not so encoded. */
function decoded(bytes: Buffer, encoding: string | undefined): Buffer {
  const decode = { gzip: gunzipSync, 'x-gzip': gunzipSync, deflate: inflateSync, br: brotliDecompressSync }[
    encoding?.trim().toLowerCase() ?? ''
  ];
  if (!decode) return bytes;
  try {
    return decode(bytes, { maxOutputLength: MAX_DECODED_BYTES });
  } catch {
    return bytes;
  }
}
