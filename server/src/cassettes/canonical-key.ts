import { createHash } from 'node:crypto';
import { schemaDefault } from '../config/schema-defaults.ts';
import { compileBodyPaths, stepInto, type BodyPaths } from './body-path.ts';
import type { JsonValue, RecordedRequest } from './cassette-types.ts';

/** What identifies a request for matching; method and api-version are left out (an SDK upgrade changes the latter). */
export type MatchableRequest = Pick<RecordedRequest, 'operation' | 'deployment' | 'body'>;

export interface KeyOptions {
  /** Body paths left out of the key (see body-path.ts); default: the scenarios schema's `ReplaySettings.ignoreFields`. */
  ignoreFields?: readonly string[];
}

/** Computes match keys under one set of options; the ignored paths are compiled once. */
export interface RequestKeyer {
  /** The key: SHA-256 (hex) of {@link RequestKeyer.json}. */
  key(request: MatchableRequest): string;
  /** `{"body":…,"deployment":…,"operation":…}` with sorted keys and the ignored fields gone: what the key hashes. */
  json(request: MatchableRequest): string;
  /** The body as it is matched, for diffs. */
  body(request: MatchableRequest): JsonValue;
}

/** Operations whose bodies are multipart forms, where a file field is identified by its content. */
const MULTIPART = new Set(['transcriptions', 'translations']);

/**
 * A keyer for `options`. Key order and whitespace never matter; `stream` never does either, so a streamed
 * recording answers the same request unstreamed and the reverse.
 *
 * @example createKeyer({ ignoreFields: ['user', 'metadata.trace_id'] }).key({ operation: 'chat', deployment: 'gpt-4o', body })
 */
export function createKeyer(options: KeyOptions = {}): RequestKeyer {
  const ignored = options.ignoreFields ?? schemaDefault<string[]>('ReplaySettings', 'ignoreFields');
  const paths: readonly BodyPaths[] = [compileBodyPaths([...ignored, 'stream'])];
  const body = (request: MatchableRequest): JsonValue => {
    const multipart = MULTIPART.has(request.operation);
    const out: Record<string, JsonValue> = {};
    for (const name of Object.keys(request.body).sort()) {
      const value = request.body[name];
      if (value === undefined) continue;
      const step = stepInto(paths, name);
      if (step.named) continue;
      out[name] = multipart && isFile(value) ? { sha256: value.sha256, size: value.size } : normalize(value, step.nodes);
    }
    return out;
  };
  const json = (request: MatchableRequest): string =>
    JSON.stringify({ body: body(request), deployment: request.deployment, operation: request.operation });
  return { body, json, key: (request) => createHash('sha256').update(json(request)).digest('hex') };
}

let defaultKeyer: RequestKeyer | undefined;

/** The match key of `request` under the default options. */
export function canonicalKey(request: MatchableRequest): string {
  return (defaultKeyer ??= createKeyer()).key(request);
}

/** The canonical JSON of `request` under the default options. */
export function canonicalJson(request: MatchableRequest): string {
  return (defaultKeyer ??= createKeyer()).json(request);
}

/**
 * Sorted keys, ignored paths dropped. (JSON.stringify puts integer-like keys first whatever the insertion order;
 * that is still independent of the order the client sent, which is all a key needs.)
 */
function normalize(value: JsonValue, nodes: readonly BodyPaths[]): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (nodes.length === 0) return value.map((item) => normalize(item, nodes));
    return value.flatMap((item, i) => {
      const step = stepInto(nodes, String(i));
      return step.named ? [] : [normalize(item, step.nodes)];
    });
  }
  const out: Record<string, JsonValue> = {};
  for (const name of Object.keys(value).sort()) {
    const child = value[name];
    if (child === undefined) continue;
    const step = stepInto(nodes, name);
    if (!step.named) out[name] = normalize(child, step.nodes);
  }
  return out;
}

function isFile(value: JsonValue): value is { filename: string; sha256: string; size: number } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof value.sha256 === 'string' &&
    typeof value.size === 'number'
  );
}
