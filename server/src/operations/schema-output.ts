import { structuredOutput, StructuredOutputError } from '../generate/structured/index.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/** Where a schema came from, for the 400 that names it: a response format or a function's parameters. */
export interface SchemaSource {
  /** e.g. `response_format 'calendar_event'` or `function 'get_weather'` */
  label: string;
  param: string;
  name?: string;
}

/**
 * JSON valid against a schema the request supplied, or the service's 400 when the schema cannot be used or
 * cannot be satisfied: never JSON that does not fit.
 */
export function schemaOutput(schema: unknown, seed: number | string, source: SchemaSource): string {
  try {
    return structuredOutput(schema, seed, source.name ? { name: source.name } : {}).json;
  } catch (error) {
    if (error instanceof StructuredOutputError)
      throw serviceErrors.invalidRequest(`Invalid schema for ${source.label}: ${error.message}`, source.param, 'invalid_value');
    throw error;
  }
}
