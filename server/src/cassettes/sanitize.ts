import type { Sanitizers } from '../generated/scenarios.ts';
import { compileBodyPaths, replaceAtPaths, type BodyPaths } from './body-path.ts';
import type { Interaction, JsonValue, RecordedChunk } from './cassette-types.ts';
import { isBinaryBody } from './response-body.ts';
import { CREDENTIAL_HEADERS, REDACTED } from '../protocol/credentials.ts';
import { compileLinearRegex, type LinearRegex } from '../regex/index.ts';

/** Headers that carry credentials or session state: never written, whatever the rules say. */
export { CREDENTIAL_HEADERS, REDACTED };

/**
 * Secrets shorter than this are not searched for: replacing every "abc" in a recording would shred it, and no
 * real key is that short.
 */
const MIN_SECRET_LENGTH = 8;

/** A sanitizer compiled once from the rules and applied to each interaction before it is written. */
export type InteractionSanitizer = (interaction: Interaction) => Interaction;

/**
 * Compiles `rules` (the scenarios file's `record.sanitize`) with the secrets to hunt for (the upstream key, the
 * caller's key). Throws on a pattern that is not a valid regular expression.
 */
export function compileSanitizer(rules: Sanitizers = {}, secrets: readonly string[] = []): InteractionSanitizer {
  const dropped = new Set(CREDENTIAL_HEADERS);
  const redactedHeaders = new Set((rules.headers ?? []).map((name) => name.toLowerCase()));
  const paths = compileBodyPaths(rules.bodyPaths ?? []);
  const replacements: Array<(text: string) => string> = [
    ...secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH).map((secret) => (text: string) => text.replaceAll(secret, REDACTED)),
    ...(rules.patterns ?? []).map(({ regex, replacement }) => {
      const pattern = compilePattern(regex);
      return (text: string) => pattern.replaceAll(text, replacement ?? REDACTED);
    }),
  ];
  const text = (value: string): string => replacements.reduce((out, replace) => replace(out), value);
  const json = (value: JsonValue): JsonValue => mapStrings(replaceAtPaths(value, paths, REDACTED), text);

  return ({ recordedAt, request, response }) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      const lower = name.toLowerCase();
      if (!dropped.has(lower)) headers[lower] = redactedHeaders.has(lower) ? REDACTED : text(value);
    }
    const { body, chunks, ...rest } = response;
    return {
      recordedAt,
      request: { ...request, body: json(request.body) as Record<string, JsonValue> },
      response: {
        ...rest,
        headers,
        ...(body === undefined ? {} : { body: isBinaryBody(body) ? body : json(body) }),
        ...(chunks === undefined ? {} : { chunks: chunks.map((chunk) => sanitizeChunk(chunk, paths, text)) }),
      },
    };
  };
}

/**
 * An interaction fit to be written: credential headers gone, `secrets` replaced wherever they appear, then the
 * declared rules applied to request and response (headers, body paths, and patterns on every string, stream
 * events included). Compile once with {@link compileSanitizer} when sanitizing many.
 */
export function sanitizeInteraction(interaction: Interaction, rules: Sanitizers = {}, secrets: readonly string[] = []): Interaction {
  return compileSanitizer(rules, secrets)(interaction);
}

/**
 * The same rules for one message's text: what a realtime recording writes for each WebSocket message, sanitized
 * as an HTTP stream's events are (secrets, body paths on its JSON, patterns).
 */
export function compileMessageSanitizer(rules: Sanitizers = {}, secrets: readonly string[] = []): (data: string) => string {
  const sanitize = compileSanitizer(rules, secrets);
  const request = { method: 'GET', operation: 'realtime' as const, deployment: '-', apiVersion: null, body: {} };
  return (data) =>
    sanitize({ recordedAt: '', request, response: { status: 0, headers: {}, chunks: [{ offsetMs: 0, data }] } }).response.chunks![0]!.data;
}

/** Body paths apply to an event's JSON too; it is re-serialised only when a path matched, so bytes stay as sent. */
function sanitizeChunk(chunk: RecordedChunk, paths: BodyPaths, text: (value: string) => string): RecordedChunk {
  let data = chunk.data;
  if (paths.children.size > 0 && data.startsWith('{')) {
    try {
      const parsed = JSON.parse(data) as JsonValue;
      const redacted = replaceAtPaths(parsed, paths, REDACTED);
      if (redacted !== parsed) data = JSON.stringify(redacted);
    } catch {
      // not JSON after all: patterns still apply below
    }
  }
  return { ...chunk, data: text(data) };
}

function mapStrings(value: JsonValue, text: (value: string) => string): JsonValue {
  if (typeof value === 'string') return text(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, text));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, text)]));
}

/** A pattern from the scenarios file, on RE2: the strings it runs on come from requests and the upstream. */
function compilePattern(regex: string): LinearRegex {
  try {
    return compileLinearRegex(regex);
  } catch (error) {
    throw new Error(
      `record.sanitize.patterns: ${JSON.stringify(regex)} is not a regular expression RE2 can run: ${(error as Error).message}`,
    );
  }
}
