import type { Operation } from '../generated/scenarios.ts';
import { requestValidator } from './request-validator.ts';

/**
 * The largest token count a request may ask for: a 32-bit integer. The service's own bound on these fields is
 * not published (its real limit is the model's maximum output, checked later); this one keeps every figure the
 * rate limiter adds up an exact integer however many requests a window holds.
 */
export const MAX_TOKEN_COUNT = 2_147_483_647;

const tokenCount = (minimum: number) => ({ type: ['integer', 'null'], minimum, maximum: MAX_TOKEN_COUNT }) as const;
const choices = { type: ['integer', 'null'], minimum: 1, maximum: 128 } as const;

/**
 * The request fields the admission estimate is made from, with the ranges of the service's REST specification
 * (`n` 1–128, `best_of` 0–20). The operations' request schemas take them from here, so the two never disagree.
 */
export const ESTIMATE_FIELDS = {
  chat: { max_tokens: tokenCount(1), max_completion_tokens: tokenCount(1), n: choices },
  completions: { max_tokens: tokenCount(0), n: choices, best_of: { type: ['integer', 'null'], minimum: 0, maximum: 20 } },
  responses: { max_output_tokens: tokenCount(16) },
  // a realtime response's body is the chat completion its session asks for, its max_output_tokens as max_tokens
  realtime: { max_tokens: tokenCount(1) },
} as const;

/** What the estimate reads off a request: undefined where the request sets nothing (or null). */
export interface EstimateFields {
  maxTokens: number | undefined;
  n: number | undefined;
  bestOf: number | undefined;
}

const NONE: EstimateFields = Object.freeze({ maxTokens: undefined, n: undefined, bestOf: undefined });

const CHECKS: Partial<Record<Operation, (body: unknown) => void>> = Object.fromEntries(
  Object.entries(ESTIMATE_FIELDS).map(([operation, properties]) => [operation, requestValidator(`estimate_${operation}`, { type: 'object', properties })]),
);

/**
 * The fields an operation's admission estimate is made from, checked first: a value out of the service's range
 * (`"n": 1e308`) gets the service's 400 for that parameter, as the full validation would give it, rather than
 * reaching the rate limiter as a number no window can hold. Operations without a completion have none.
 */
export function estimateFields(operation: Operation, body: Record<string, unknown>): EstimateFields {
  const check = CHECKS[operation];
  if (!check) return NONE;
  check(body);
  const fields = body as Partial<Record<'max_tokens' | 'max_completion_tokens' | 'max_output_tokens' | 'n' | 'best_of', number | null>>;
  if (operation === 'responses') return { maxTokens: fields.max_output_tokens ?? undefined, n: undefined, bestOf: undefined };
  return {
    maxTokens: (operation === 'chat' ? (fields.max_completion_tokens ?? fields.max_tokens) : fields.max_tokens) ?? undefined,
    n: fields.n ?? undefined,
    bestOf: operation === 'completions' ? (fields.best_of ?? undefined) : undefined,
  };
}
