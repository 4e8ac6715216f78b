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
  const fileIdentity = (request: MatchableRequest) => MULTIPART.has(request.operation);
  const json = (request: MatchableRequest): string =>
    `{"body":${serialize(request.body, paths, fileIdentity(request))},"deployment":${JSON.stringify(request.deployment)},"operation":${JSON.stringify(request.operation)}}`;
  return {
    json,
    key: (request) => hash('sha256', json(request)),
    body: (request) => JSON.parse(serialize(request.body, paths, fileIdentity(request))) as JsonValue,
  };
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
 * Canonical JSON written directly (no normalised copy is built: this runs for every recorded interaction at
 * load): keys sorted, undefined members and ignored paths dropped. With `files`, a top-level uploaded file is
 * written as its digest and size, so the same audio sent under another file name still matches.
 */
function serialize(value: JsonValue, nodes: readonly BodyPaths[], files = false): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let out = '';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      let below = nodes;
      if (nodes.length > 0) {
        const step = stepInto(nodes, String(i));
        if (step.named) continue;
        below = step.nodes;
      }
      out += `${out === '' ? '' : ','}${serialize(value[i] ?? null, below)}`;
    }
    return `[${out}]`;
  }
  for (const name of Object.keys(value).sort()) {
    const child = value[name];
    if (child === undefined) continue;
    let below = nodes;
    if (nodes.length > 0) {
      const step = stepInto(nodes, name);
      if (step.named) continue;
      below = step.nodes;
    }
    const text = files && isFile(child) ? `{"sha256":${JSON.stringify(child.sha256)},"size":${child.size}}` : serialize(child, below);
    out += `${out === '' ? '' : ','}${JSON.stringify(name)}:${text}`;
  }
  return `{${out}}`;
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
