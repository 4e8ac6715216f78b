import { hash } from 'node:crypto';
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
const MULTIPART = new Set(['transcriptions', 'translations', 'imageEdits']);

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
    const normal = normalize(request.body, paths);
    return MULTIPART.has(request.operation) ? withFileIdentity(normal) : normal;
  };
  const json = (request: MatchableRequest): string =>
    JSON.stringify({ body: body(request), deployment: request.deployment, operation: request.operation });
  return { body, json, key: (request) => hash('sha256', json(request)) };
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
 * Keys sorted, undefined members and ignored paths dropped. What is already in that form is returned as it is,
 * not copied: bodies read from cassettes are written sorted, so loading many of them allocates little.
 * (JSON.stringify puts integer-like keys first whatever the order; that is still independent of the order the
 * client sent, which is all a key needs.)
 */
function normalize(value: JsonValue, nodes: readonly BodyPaths[]): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: JsonValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i]!;
      const step = nodes.length === 0 ? undefined : stepInto(nodes, String(i));
      const normal = step?.named ? undefined : normalize(item, step?.nodes ?? nodes);
      if (normal !== item) copy ??= value.slice(0, i);
      if (copy && normal !== undefined) copy.push(normal);
    }
    return copy ?? value;
  }
  const names = Object.keys(value);
  let changed = false;
  for (let i = 1; i < names.length && !changed; i++) changed = names[i - 1]! > names[i]!;
  const normal: [string, JsonValue][] = [];
  for (const name of names) {
    const child = value[name];
    const step = nodes.length === 0 ? undefined : stepInto(nodes, name);
    if (child === undefined || step?.named) {
      changed = true;
      continue;
    }
    const below = normalize(child, step?.nodes ?? nodes);
    if (below !== child) changed = true;
    normal.push([name, below]);
  }
  if (!changed) return value;
  return Object.fromEntries(normal.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** An uploaded file is identified by its content: the same audio under another file name still matches. */
function withFileIdentity(body: JsonValue): JsonValue {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(
    Object.entries(body).map(([name, value]) => [name, isFile(value) ? { sha256: value.sha256, size: value.size } : value]),
  );
}

/** `value` with the keys of every object sorted: the form request bodies are stored in. */
export function sortKeys(value: JsonValue): JsonValue {
  return normalize(value, []);
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
