/**
 * Structured outputs: JSON that is valid against the request's schema (response_format json_schema, or a
 * tool's parameters), deterministic per seed. Every value is checked with ajv before it leaves, so a sampler
 * gap shows up as a StructuredOutputError instead of JSON that breaks the client's parser.
 */
import { createRandom } from '../random.ts';
import { sampleFromSchema } from './json-from-schema.ts';
import { compiledSchema, describeValidationError } from './schema-validator.ts';
import { isSchemaObject } from './schema-walk.ts';
import { StructuredOutputError } from './structured-output-error.ts';

export { anyJsonObject } from './any-json-object.ts';

/** Seeds tried after the first, for schemas where some random choices fail (a narrow `oneOf`, `uniqueItems`). */
const RETRIES = 8;
const NOT_AN_OBJECT = 'The schema must be a JSON object';

export interface StructuredOutputOptions {
  /** The response format's or the tool's name (`calendar_event`, `get_weather`): shapes plausible values. */
  name?: string;
}

/**
 * A value valid against `schema` and its compact JSON text. Throws StructuredOutputError when the schema is
 * unusable or no valid value was found (e.g. `minLength` above `maxLength`).
 */
export function structuredOutput(
  schema: unknown,
  seed: number | string,
  options: StructuredOutputOptions = {},
): { value: unknown; json: string } {
  if (!isSchemaObject(schema)) throw new StructuredOutputError(NOT_AN_OBJECT);
  const compiled = compiledSchema(schema);
  const matches = compiled.matches.bind(compiled);
  let lastError: StructuredOutputError | undefined;
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    const random = createRandom(attempt === 0 ? seed : `${seed}\u0000retry ${attempt}`);
    let value: unknown;
    try {
      value = sampleFromSchema(schema, random, { ...(options.name === undefined ? {} : { hint: options.name }), matches });
    } catch (error) {
      if (!(error instanceof StructuredOutputError)) throw error;
      lastError = error;
      continue;
    }
    if (compiled.validate(value)) return { value, json: JSON.stringify(value) };
    const problem = describeValidationError(compiled.validate.errors?.[0]);
    lastError = new StructuredOutputError(`No value satisfies the schema: ${problem.message}`, problem);
  }
  throw lastError ?? new StructuredOutputError('No value satisfies the schema');
}

/**
 * Why `schema` cannot be used for structured output (not an object, invalid, a `$ref` that leaves the
 * document), for a clean 400; undefined when it can.
 */
export function isSupportedSchema(schema: unknown): string | undefined {
  if (!isSchemaObject(schema)) return NOT_AN_OBJECT;
  try {
    compiledSchema(schema);
  } catch (error) {
    if (error instanceof StructuredOutputError) return error.message;
    throw error;
  }
  return undefined;
}
