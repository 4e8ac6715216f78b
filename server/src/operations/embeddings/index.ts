import { embed, toBase64, toFloatArray } from '../../generate/embeddings/index.ts';
import { requestValidator } from '../../protocol/request-validator.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { checkVersionParameters } from '../../protocol/version-gate.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import { inputTexts } from '../../tokens/input-texts.ts';
import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import type { OperationHandler, TokenUsage } from '../types.ts';
import { answerKey, type AnswerCache } from '../answer-cache.ts';

const MAX_INPUTS = 2048;
const tokenArray = { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1 };

const validateShape = requestValidator('embeddings', {
  type: 'object',
  required: ['input'],
  additionalProperties: false,
  properties: {
    input: {
      anyOf: [
        { type: 'string' },
        { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_INPUTS },
        tokenArray,
        { type: 'array', items: tokenArray, minItems: 1, maxItems: MAX_INPUTS },
      ],
    },
    model: { type: 'string' },
    dimensions: { type: 'integer', minimum: 1 },
    encoding_format: { enum: ['float', 'base64'] },
    user: { type: 'string' },
    input_type: { type: 'string' },
  },
});

interface EmbeddingsRequest {
  input: string | string[] | number[] | number[][];
  dimensions?: number;
  encoding_format?: 'float' | 'base64';
}

type EmbeddingsAnswer = { kind: 'json'; body: string; usage: TokenUsage };

/**
 * Embeddings: one deterministic unit vector per input, of the model's size or `dimensions` (text-embedding-3
 * only), as floats or as base64 of little-endian float32 (what the SDKs ask for by default). The vectors are
 * deterministic and a load test embeds the same batches again and again, so answers are kept in `answers`.
 */
export function embeddingsHandler(answers: AnswerCache): OperationHandler {
  return (request) => {
    const { body, deployment, apiVersion } = request;
    const key = answerKey('embeddings', request);
    const known = answers.get<EmbeddingsAnswer>(deployment, key);
    if (known) return known;
    const answer = answerFor(body, deployment, apiVersion);
    answers.set(deployment, key, answer, answer.body.length);
    return answer;
  };
}

function answerFor(body: Record<string, unknown>, deployment: ResolvedDeployment, apiVersion: string | undefined): EmbeddingsAnswer {
  validateShape(body);
  checkVersionParameters('embeddings', body, apiVersion);
  const request = body as unknown as EmbeddingsRequest;
  const tokenizer = tokenizerFor(deployment.tokenizer);
  const fullDimensions = deployment.embeddingDimensions ?? 1536;
  if (request.dimensions !== undefined) {
    if (!/text-embedding-3/.test(deployment.model))
      throw serviceErrors.invalidRequest('This model does not support specifying dimensions.', 'dimensions', null);
    if (request.dimensions > fullDimensions) {
      throw serviceErrors.invalidRequest(
        `This model does not support specifying dimensions greater than ${fullDimensions}.`,
        'dimensions',
        null,
      );
    }
  }
  const texts = inputTexts(request.input, (tokens) => tokenizer.decode(tokens));
  let promptTokens = 0;
  texts.forEach((text, i) => {
    if (text === '')
      throw serviceErrors.invalidRequest(
        "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
        'input',
        null,
      );
    const tokens = tokenizer.count(text);
    if (tokens > deployment.contextWindow) {
      throw serviceErrors.invalidRequest(
        `This model's maximum context length is ${deployment.contextWindow} tokens, however you requested ${tokens} tokens (${tokens} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
        texts.length > 1 ? `input[${i}]` : 'input',
        'context_length_exceeded',
      );
    }
    promptTokens += tokens;
  });
  const options = { model: deployment.model, dimensions: request.dimensions ?? fullDimensions, fullDimensions };
  const base64 = request.encoding_format === 'base64';
  const data = texts.map((text, index) => {
    const vector = embed(text, options);
    return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : toFloatArray(vector) };
  });
  // the key order of the service's embeddings bodies (../shared/docs/aoai-protocol.md §5)
  const response = { object: 'list', data, model: deployment.model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } };
  return { kind: 'json', body: JSON.stringify(response), usage: { promptTokens, completionTokens: 0 } };
}
