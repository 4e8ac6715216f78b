import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv/dist/2020.js';
// the schema's validator, generated from it by `npm run gen` (scripts/scenarios-validator.ts) rather than compiled
// at every start, which took 0.3 s of it
import validate from '../generated/scenarios-validator.js';
import { SCHEMA_PATH } from '../paths.ts';
import { didYouMean } from './did-you-mean.ts';
import { fromPointer, type PathSegment } from './pointer.ts';

/** A schema violation: where (as a path into the document) and what. */
export interface SchemaProblem {
  path: PathSegment[];
  message: string;
  /** The problem is the key itself (an unknown property, an invalid name), not its value. */
  atKey?: boolean;
}

type SchemaNode = { title?: string; description?: string; properties?: Record<string, unknown>; examples?: unknown[] };

/** The JSON Schema of the scenarios format, as shipped in `schema/`. */
export function scenariosSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
}

/** Every way `data` breaks the scenarios schema, phrased for people; empty when it is valid. */
export function schemaProblems(data: unknown): SchemaProblem[] {
  if (validate(data)) return [];
  const problems = pruneAlternatives(validate.errors ?? []).flatMap(describe);
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join('/')}|${problem.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * Ajv reports an `anyOf` that failed with the errors of every branch. Keep only the branches whose type fits
 * the value (a string given to "string or object" is judged as a string); when none fits, say which types would.
 */
function pruneAlternatives(errors: ErrorObject[]): ErrorObject[] {
  let kept = errors;
  for (const alternative of errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')) {
    const prefix = `${alternative.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const error of kept) {
      if (!error.schemaPath.startsWith(prefix) || !isAtOrBelow(error.instancePath, alternative.instancePath)) continue;
      const branch = error.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const mismatched = [...branches.values()].filter((branchErrors) =>
      branchErrors.some((error) => error.keyword === 'type' && error.instancePath === alternative.instancePath),
    );
    const dropped = new Set([alternative, ...mismatched.flat()]);
    const rest = kept.filter((error) => !dropped.has(error));
    const explained = rest.some((error) => isAtOrBelow(error.instancePath, alternative.instancePath));
    if (explained) {
      kept = rest;
    } else {
      const types = mismatched
        .flat()
        .filter((error) => error.keyword === 'type')
        .map((error) => String(error.params.type));
      const summary: ErrorObject = { ...alternative, keyword: 'type', params: { type: [...new Set(types)].join(' or ') } };
      kept = [...rest, summary];
    }
  }
  return kept;
}

function isAtOrBelow(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

function describe(error: ErrorObject): SchemaProblem[] {
  const path: PathSegment[] = fromPointer(error.instancePath);
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const of = schema.title ? ` of ${schema.title}` : '';
  if (error.keyword === 'propertyNames') return []; // its inner error says what is wrong with the name
  if (error.propertyName !== undefined) {
    // an error inside `propertyNames`: the key is what is wrong
    const what = schema.title ? schema.title.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'name';
    const why = schema.description ?? error.message;
    return [{ path: [...path, error.propertyName], atKey: true, message: `is not a valid ${what}: ${why}` }];
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty);
      const known = Object.keys(schema.properties ?? {});
      return [{ path: [...path, name], atKey: true, message: `is not a known property${of}${didYouMean(name, known)}` }];
    }
    case 'required':
      return [{ path, atKey: true, message: `must have property "${String(error.params.missingProperty)}"` }];
    case 'enum': {
      const values = error.params.allowedValues as unknown[];
      const allowed = values.map((value) => JSON.stringify(value));
      // a near miss only among the words allowed (`version: ""` against the number 1 has none)
      const words = values.filter((value): value is string => typeof value === 'string');
      const hint = typeof error.data === 'string' ? didYouMean(error.data, words) : '';
      return [{ path, message: `must be one of ${allowed.join(', ')}${hint}` }];
    }
    case 'type':
      return [{ path, message: `must be ${String(error.params.type)}, not ${typeName(error.data)}` }];
    case 'pattern': {
      const example = schema.examples?.[0];
      const hint = example === undefined ? '' : ` (for example ${JSON.stringify(example)})`;
      return [{ path, message: `must match the pattern ${String(error.params.pattern)}${hint}` }];
    }
    default:
      return [{ path, message: error.message ?? `fails ${error.keyword}` }];
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
