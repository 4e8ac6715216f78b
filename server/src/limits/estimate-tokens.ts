import { schemaDefault } from '../config/schema-defaults.ts';

/** What the service's admission estimate is made from, read off the request before the model runs. */
export interface EstimateInput {
  promptTokens: number;
  /** `max_tokens` (or `max_completion_tokens` / `max_output_tokens`); undefined when the request sets none. */
  maxTokens?: number;
  n?: number;
  bestOf?: number;
  /** The deployment's `rateLimit.defaultMaxTokens`; the schema's default (4096) when undefined. */
  defaultMaxTokens?: number;
}

/**
 * The tokens a request is charged at admission, as the service estimates them: prompt tokens plus the
 * completion it may produce, `max_tokens × max(n, best_of)`. Not the billed count: a request that stops
 * early is still charged its `max_tokens`.
 */
export function estimateTokens(input: EstimateInput): number {
  const maxTokens = input.maxTokens ?? input.defaultMaxTokens ?? schemaDefault<number>('RateLimit', 'defaultMaxTokens');
  const choices = Math.max(1, input.n ?? 1, input.bestOf ?? 1);
  return Math.max(0, input.promptTokens) + Math.max(0, maxTokens) * choices;
}
