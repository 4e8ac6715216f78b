/** Structured outputs: schema-valid, plausible, seeded JSON for response formats and tool arguments. */
export { anyJsonObject } from './any-json-object.ts';
export { sampleFromSchema, type SampleOptions } from './json-from-schema.ts';
export { isSupportedSchema, structuredOutput, type StructuredOutputOptions } from './structured-output.ts';
export { StructuredOutputError } from './structured-output-error.ts';
