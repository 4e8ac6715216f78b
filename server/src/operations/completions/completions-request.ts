import { ESTIMATE_FIELDS } from '../../protocol/estimate-fields.ts';
import { requestValidator } from '../../protocol/request-validator.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';

export interface CompletionsRequest {
  prompt: string | string[] | number[] | number[][];
  max_tokens?: number | null;
  n?: number | null;
  best_of?: number | null;
  echo?: boolean | null;
  suffix?: string | null;
  stop?: string | string[] | null;
  seed?: number | null;
  logprobs?: number | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
}

const tokenArray = { type: 'array', items: { type: 'integer', minimum: 0 } };

const SCHEMA = {
  type: 'object',
  required: ['prompt'],
  additionalProperties: false,
  properties: {
    prompt: {
      anyOf: [
        { type: 'string' },
        { type: 'array', items: { type: 'string' }, minItems: 1 },
        tokenArray,
        { type: 'array', items: tokenArray, minItems: 1 },
      ],
    },
    model: { type: 'string' },
    ...ESTIMATE_FIELDS.completions,
    echo: { type: ['boolean', 'null'] },
    suffix: { type: ['string', 'null'] },
    stop: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }, { type: 'null' }] },
    seed: { type: ['integer', 'null'] },
    logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 5 },
    stream: { type: ['boolean', 'null'] },
    stream_options: { type: ['object', 'null'], properties: { include_usage: { type: 'boolean' } } },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    presence_penalty: { type: ['number', 'null'], minimum: -2, maximum: 2 },
    frequency_penalty: { type: ['number', 'null'], minimum: -2, maximum: 2 },
    logit_bias: { type: ['object', 'null'] },
    user: { type: 'string' },
  },
} as const;

const validateShape = requestValidator('completions', SCHEMA);

/** Checks a legacy completions request as the service does. */
export function parseCompletionsRequest(body: Record<string, unknown>): CompletionsRequest {
  validateShape(body);
  const request = body as unknown as CompletionsRequest;
  const n = request.n ?? 1;
  if (request.best_of != null && request.best_of < n) {
    throw serviceErrors.invalidRequest('best_of must be greater than or equal to n.', 'best_of', null);
  }
  if (request.stream === true && request.best_of != null && request.best_of > 1) {
    throw serviceErrors.invalidRequest('Cannot stream results with best_of greater than 1.', 'best_of', null);
  }
  if (request.stream_options != null && request.stream !== true) {
    throw serviceErrors.invalidRequest(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
      'invalid_value',
    );
  }
  return request;
}
