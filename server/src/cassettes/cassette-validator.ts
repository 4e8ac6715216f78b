import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { fromPointer, type PathSegment } from '../config/pointer.ts';
import type { Cassette } from './cassette-types.ts';
import { CASSETTE_SCHEMA_PATH } from '../paths.ts';

/** A way a cassette breaks the format: where (as a path into the document) and what. */
export interface CassetteProblem {
  path: PathSegment[];
  message: string;
  /** The problem is the key itself (an unknown property), not its value. */
  atKey?: boolean;
}

export { CASSETTE_SCHEMA_PATH };

/** The JSON Schema of the cassette format. */
export function cassetteSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(CASSETTE_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
}

let fast: ValidateFunction<Cassette> | undefined;
let thorough: ValidateFunction<Cassette> | undefined;

/**
 * Every way `data` breaks the cassette format, phrased for people; empty when it is valid.
 * Valid files (nearly all of them) pay only for a stop-at-first-error check; the slower every-error pass
 * runs only on a file already known to be broken.
 */
export function cassetteProblems(data: unknown): CassetteProblem[] {
  fast ??= compile(false);
  if (fast(data)) return streamOrderProblems(data);
  thorough ??= compile(true);
  thorough(data);
  const problems = (thorough.errors ?? []).flatMap(describe);
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join('/')}|${problem.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function compile(thorough: boolean): ValidateFunction<Cassette> {
  // strictRequired would refuse the oneOf that says "body or chunks": its branches name properties declared beside it
  const options = { allErrors: thorough, verbose: thorough, strict: true, strictRequired: false, allowUnionTypes: true };
  return new Ajv2020(options).compile<Cassette>(cassetteSchema());
}

/** Offsets must not go back in time: a replay at recorded timing would otherwise reorder the events. */
function streamOrderProblems(cassette: Cassette): CassetteProblem[] {
  const problems: CassetteProblem[] = [];
  for (const [i, interaction] of cassette.interactions.entries()) {
    const chunks = interaction.response.chunks ?? [];
    for (let c = 1; c < chunks.length; c++) {
      if (chunks[c]!.offsetMs < chunks[c - 1]!.offsetMs) {
        problems.push({
          path: ['interactions', i, 'response', 'chunks', c, 'offsetMs'],
          message: `is ${chunks[c]!.offsetMs}, earlier than the event before it (${chunks[c - 1]!.offsetMs})`,
        });
      }
    }
  }
  return problems;
}

function describe(error: ErrorObject): CassetteProblem[] {
  const path: PathSegment[] = fromPointer(error.instancePath);
  // the branches of oneOf and anyOf report their own failures; the keyword's own error says it better
  if (/\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath)) return [];
  switch (error.keyword) {
    case 'if':
      return [];
    case 'anyOf':
      return [{ path, message: 'must be a form field or an uploaded file { filename, sha256, size }' }];
    case 'oneOf': {
      const both = Array.isArray(error.params.passingSchemas);
      return [{ path, message: both ? 'must have either "body" or "chunks", not both' : 'must have "body" or "chunks"' }];
    }
    case 'additionalProperties':
      return [{ path: [...path, String(error.params.additionalProperty)], atKey: true, message: 'is not a known property' }];
    case 'required':
      return [{ path, atKey: true, message: `must have property "${String(error.params.missingProperty)}"` }];
    case 'propertyNames':
      return [];
    case 'const':
      return [{ path, message: `must be ${JSON.stringify(error.params.allowedValue)}` }];
    case 'enum':
      return [{ path, message: `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` }];
    case 'type':
      return [{ path, message: `must be ${String(error.params.type)}` }];
    case 'pattern':
      if (error.propertyName !== undefined) return [{ path: [...path, error.propertyName], atKey: true, message: 'must be lower-case' }];
      const example = (error.parentSchema as { examples?: unknown[] } | undefined)?.examples?.[0];
      return [
        {
          path,
          message: example === undefined ? `must match ${String(error.params.pattern)}` : `must look like ${JSON.stringify(example)}`,
        },
      ];
    default:
      return [{ path, message: error.message ?? `fails ${error.keyword}` }];
  }
}
