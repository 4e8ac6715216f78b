/**
 * A schema we could not answer with a valid value: unusable (a dangling `$ref`), unsatisfiable
 * (`minLength` above `maxLength`), or beyond what the sampler handles. Callers turn it into a clear 4xx/5xx
 * instead of sending JSON that breaks the client's parser.
 */
export class StructuredOutputError extends Error {
  override readonly name = 'StructuredOutputError';
  /** JSON pointer into the schema, e.g. `/properties/tags/minItems`; empty for the root. */
  readonly schemaPath: string;
  /** JSON pointer into the generated value, e.g. `/tags`; empty for the root. */
  readonly instancePath: string;

  constructor(message: string, details: { schemaPath?: string; instancePath?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.schemaPath = details.schemaPath ?? '';
    this.instancePath = details.instancePath ?? '';
  }
}
