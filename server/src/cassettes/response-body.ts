import type { BinaryBody, JsonValue, RecordedResponse } from './cassette-types.ts';

/**
 * Response headers the recorder keeps: those that change what a client does (content-type, retry timing,
 * x-should-retry) or what a test may assert (rate-limit state, region, PTU utilization). Request ids, dates and
 * model-session ids are left out: they differ on every call, would make every re-recording a diff, and the
 * simulator mints its own on replay.
 */
export const RECORDED_HEADERS: readonly (string | RegExp)[] = [
  'content-type',
  /^x-ratelimit-/,
  'retry-after',
  'retry-after-ms',
  'x-should-retry',
  'x-ms-region',
  'azure-openai-deployment-utilization',
];

/** The headers of `headers` worth recording, names lower-cased. */
export function recordedHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !RECORDED_HEADERS.some((rule) => (typeof rule === 'string' ? rule === lower : rule.test(lower)))) continue;
    kept[lower] = typeof value === 'string' ? value : value.join(', ');
  }
  return kept;
}

/** A body in a cassette is binary when it is `{ base64, contentType }`. */
export function isBinaryBody(body: JsonValue | BinaryBody | undefined): body is BinaryBody {
  return (
    body !== null &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    typeof body.base64 === 'string' &&
    typeof body.contentType === 'string' &&
    Object.keys(body).length === 2
  );
}

/**
 * How an answer's bytes are kept: parsed when JSON (readable, and diffs show fields), as text when text, base64
 * otherwise. JSON that does not parse is kept as text, so nothing is lost.
 */
export function encodeResponseBody(contentType: string, bytes: Uint8Array): JsonValue | BinaryBody {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    const text = Buffer.from(bytes).toString('utf8');
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      return text;
    }
  }
  if (type.startsWith('text/') || type === '') return Buffer.from(bytes).toString('utf8');
  return { base64: Buffer.from(bytes).toString('base64'), contentType };
}

/** The bytes to send for a recorded body, and their content type (the recorded header's when there is one). */
export function decodeResponseBody(response: RecordedResponse): { contentType: string; bytes: Buffer } {
  const { body } = response;
  const header = response.headers['content-type'];
  if (isBinaryBody(body)) return { contentType: header ?? body.contentType, bytes: Buffer.from(body.base64, 'base64') };
  if (typeof body === 'string') return { contentType: header ?? 'text/plain; charset=utf-8', bytes: Buffer.from(body) };
  return { contentType: header ?? 'application/json', bytes: Buffer.from(body === undefined ? '' : JSON.stringify(body)) };
}
