/**
 * Compiled ajv validators for request schemas, cached by the schema's JSON text. Each schema gets its own
 * Ajv instance: ajv keeps every schema it compiled forever and rejects a second schema with the same `$id`,
 * and a private instance makes eviction free those and keeps clients' `$id`s from colliding.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { BoundedLru } from '../../memory/index.ts';
import { FORMAT_CHECKS } from './formats.ts';
import { unresolvedRefs } from './refs.ts';
import { linearRegExp, unrunnablePattern } from './schema-patterns.ts';
import { forEachSubschema, isSchemaObject, MAX_SCHEMA_DEPTH, MAX_SUBSCHEMAS, subschemaPointer } from './schema-walk.ts';
import { StructuredOutputError } from './structured-output-error.ts';

/** A schema ready to check values against. */
export interface CompiledSchema {
  validate: ValidateFunction;
  /** Whether `value` is valid against `subschema`, an object inside the root; undefined when it cannot tell. */
  matches(subschema: unknown, value: unknown): boolean | undefined;
}

const ROOT_KEY = 'aoai-sim:root';
// Measured: a compiled schema takes about 32 KiB for its Ajv instance and 4 bytes per character of its JSON,
// besides the JSON itself (the key).
const COMPILED_BYTES = 32 * 1024;
const COMPILED_BYTES_PER_CHARACTER = 4;
// by count, and by bytes: a caller's schema is as large as its body allows
const cache = new BoundedLru<string, CompiledSchema | StructuredOutputError>(
  { maxEntries: 256, maxBytes: 16 * 1024 * 1024 },
  (_, key) => COMPILED_BYTES + key.length * COMPILED_BYTES_PER_CHARACTER,
);
// Keywords only the 2020-12 dialect has: a schema using them without `$schema` means 2020-12.
const KEYWORDS_2020 = new Set([
  'prefixItems',
  '$dynamicRef',
  '$dynamicAnchor',
  'unevaluatedItems',
  'unevaluatedProperties',
  'dependentRequired',
  'dependentSchemas',
]);

// Meta-schema checks compile the meta-schema once per Ajv instance (~10 ms), so they get long-lived instances.
let metaCheckers: { draft07: Ajv; draft2020: Ajv2020 } | undefined;

/** The validator for `schema`; throws StructuredOutputError when the schema itself is invalid. */
export function compiledSchema(schema: object): CompiledSchema {
  const key = JSON.stringify(schema);
  const cached = cache.get(key);
  if (cached !== undefined) {
    if (cached instanceof StructuredOutputError) throw cached;
    return cached;
  }
  let entry: CompiledSchema | StructuredOutputError;
  try {
    entry = compile(schema);
  } catch (error) {
    entry =
      error instanceof StructuredOutputError
        ? error
        : new StructuredOutputError(`The schema is invalid: ${(error as Error).message}`, { cause: error });
  }
  cache.set(key, entry);
  if (entry instanceof StructuredOutputError) throw entry;
  return entry;
}

function compile(schema: object): CompiledSchema {
  const walk = forEachSubschema(schema, () => {});
  if (walk === 'too-many') throw new StructuredOutputError(`The schema is too large (more than ${MAX_SUBSCHEMAS} subschemas)`);
  if (walk === 'too-deep') throw new StructuredOutputError(`The schema nests subschemas more than ${MAX_SCHEMA_DEPTH} levels deep`);
  const dangling = unresolvedRefs(schema);
  if (dangling.length > 0) {
    throw new StructuredOutputError(`The schema has a $ref that does not resolve within it: ${dangling.slice(0, 3).join('; ')}`);
  }
  const badPattern = unrunnablePattern(schema);
  if (badPattern) throw badPattern;
  const modern = usesDraft2020(schema);
  checkAgainstMetaSchema(schema, modern);
  const options = { strict: false, allErrors: false, validateSchema: false, logger: false, code: { regExp: linearRegExp } } as const;
  const ajv = modern ? new Ajv2020(options) : new Ajv(options);
  for (const [name, check] of Object.entries(FORMAT_CHECKS)) ajv.addFormat(name, check);
  ajv.addSchema(schema, ROOT_KEY);
  const validate = ajv.getSchema(ROOT_KEY);
  if (!validate) throw new StructuredOutputError('The schema could not be compiled');
  const fragments = new Map<string, ValidateFunction | undefined>();
  return {
    validate,
    matches(subschema, value) {
      if (!isSchemaObject(subschema)) return undefined;
      const pointer = subschemaPointer(schema, subschema);
      if (pointer === undefined) return undefined;
      if (!fragments.has(pointer)) fragments.set(pointer, fragmentValidator(ajv, pointer));
      const check = fragments.get(pointer);
      return check ? check(value) : undefined;
    },
  };
}

function fragmentValidator(ajv: Ajv | Ajv2020, pointer: string): ValidateFunction | undefined {
  const fragment = pointer.split('/').map(encodeURIComponent).join('/');
  try {
    return ajv.getSchema(`${ROOT_KEY}#${fragment}`);
  } catch {
    return undefined;
  }
}

function usesDraft2020(schema: object): boolean {
  const declared = isSchemaObject(schema) && typeof schema.$schema === 'string' ? schema.$schema : undefined;
  if (declared !== undefined) return /2020-12|2019-09/.test(declared);
  let modern = false;
  forEachSubschema(schema, (node) => {
    if (!modern && Object.keys(node).some((keyword) => KEYWORDS_2020.has(keyword))) modern = true;
  });
  return modern;
}

function checkAgainstMetaSchema(schema: object, modern: boolean): void {
  metaCheckers ??= { draft07: new Ajv({ strict: false, logger: false }), draft2020: new Ajv2020({ strict: false, logger: false }) };
  const checker = modern ? metaCheckers.draft2020 : metaCheckers.draft07;
  // `$schema` only picked the dialect; a draft-04 or unknown URL would make ajv look for a meta-schema it lacks.
  const { $schema: _, ...rest } = schema as Record<string, unknown>;
  const valid = checker.validateSchema(rest) as boolean;
  if (valid) return;
  const error = checker.errors?.[0];
  const where = error?.instancePath ? error.instancePath : '/';
  throw new StructuredOutputError(`The schema is invalid at ${where}: ${error?.message ?? 'not a JSON Schema'}`, {
    schemaPath: error?.instancePath ?? '',
  });
}

/** ajv's first error, as "schema path …: value at … must …". */
export function describeValidationError(error: ErrorObject | undefined): { message: string; schemaPath: string; instancePath: string } {
  if (!error) return { message: 'the value does not satisfy the schema', schemaPath: '', instancePath: '' };
  const schemaPath = error.schemaPath.replace(/^#/, '');
  const value = error.instancePath === '' ? 'the value' : `the value at ${error.instancePath}`;
  return {
    message: `schema path ${schemaPath || '/'}: ${value} ${error.message ?? 'is invalid'}`,
    schemaPath,
    instancePath: error.instancePath,
  };
}
