import { structuredOutput, StructuredOutputError } from '../generate/structured/index.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import type { Tokenizer } from '../tokens/tokenizer.ts';

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

/** The parameters of a function declared without any: an object that may be empty. */
export const EMPTY_PARAMETERS = { type: 'object', properties: {} };

/** The tokens function calls take: each name and its arguments. */
export function toolCallTokens(calls: readonly { name: string; arguments: string }[], tokenizer: Tokenizer): number {
  return calls.reduce((sum, call) => sum + tokenizer.count(call.name) + tokenizer.count(call.arguments), 0);
}

/** JSON output within a token budget: whole, or cut after `budget` tokens as the service cuts it. */
export function budgetedJson(
  json: string,
  tokenizer: Tokenizer,
  budget: number | undefined,
): { text: string; tokens: number; cut: boolean } {
  const tokens = tokenizer.encode(json);
  if (budget === undefined || tokens.length <= budget) return { text: json, tokens: tokens.length, cut: false };
  const text = tokenizer.decode(tokens.slice(0, budget));
  return { text, tokens: tokenizer.count(text), cut: true };
}
