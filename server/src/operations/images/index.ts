import { createRandom } from '../../generate/random.ts';
import { parseImageSize } from '../../generate/media/index.ts';
import { completionFilterResults, promptFilterResults } from '../../protocol/content-filter.ts';
import { requestValidator } from '../../protocol/request-validator.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { OperationHandler } from '../types.ts';
import { IMAGE_SIZES, imagePng, MAX_IMAGE_SEED } from './image-files.ts';
import { imageUrlPath } from './image-url.ts';
import { imagesUsage } from './image-usage.ts';

interface ImagesRequest {
  prompt: string;
  n?: number;
  size?: string;
  quality?: string;
  style?: string;
  response_format?: 'url' | 'b64_json';
}

const validateShape = requestValidator('images', {
  type: 'object',
  required: ['prompt'],
  additionalProperties: false,
  properties: {
    prompt: { type: 'string', minLength: 1, maxLength: 32000 },
    model: { type: 'string' },
    n: { type: 'integer', minimum: 1, maximum: 10 },
    size: { enum: [...IMAGE_SIZES, 'auto'] },
    quality: { enum: ['standard', 'hd', 'low', 'medium', 'high', 'auto'] },
    style: { enum: ['vivid', 'natural'] },
    response_format: { enum: ['url', 'b64_json'] },
    output_format: { enum: ['png', 'jpeg', 'webp'] },
    background: { type: 'string' },
    moderation: { type: 'string' },
    output_compression: { type: 'integer' },
    user: { type: 'string' },
  },
});

const DALL_E_3_SIZES = ['1024x1024', '1792x1024', '1024x1792'];

/**
 * Image generations: real, valid PNGs, deterministic for the prompt. A `url` points at the simulator itself,
 * as the service's point at its own storage; `b64_json` carries the image inline. gpt-image models answer
 * b64_json only, as the service's do, with the tokens the picture cost in `usage` (see image-usage.ts).
 */
export const imageGenerations: OperationHandler = async ({ body, deployment, origin, time }) => {
  validateShape(body);
  const request = body as unknown as ImagesRequest;
  const dallE3 = /^dall-e-3/.test(deployment.model);
  const gptImage = /^gpt-image/.test(deployment.model);
  const n = request.n ?? 1;
  if (dallE3 && n !== 1) throw serviceErrors.invalidRequest('You must provide n=1 for this model.', 'n', 'invalid_value');
  if (dallE3 && request.prompt.length > 4000) {
    throw serviceErrors.invalidRequest(
      `Invalid 'prompt': string too long. Expected a string with maximum length 4000, but got a string with length ${request.prompt.length} instead.`,
      'prompt',
      'string_above_max_length',
    );
  }
  const size = request.size ?? '1024x1024';
  if (dallE3 && !DALL_E_3_SIZES.includes(size)) {
    throw serviceErrors.invalidRequest(
      `The size is not supported by this model. Supported sizes: ${DALL_E_3_SIZES.join(', ')}.`,
      'size',
      'invalid_value',
    );
  }
  const dimensions = parseImageSize(size)!;
  const format = gptImage ? 'b64_json' : (request.response_format ?? 'url');

  const images = Array.from({ length: n }, async (_, index) => {
    const seed = createRandom(`${deployment.model}\u0000${request.prompt}\u0000${size}\u0000${index}`).int(0, MAX_IMAGE_SEED);
    const image =
      format === 'b64_json'
        ? { b64_json: (await imagePng(dimensions, seed)).toString('base64') }
        : { url: `${origin}${imageUrlPath(dimensions, seed)}` };
    // the key order of the service's image bodies (../shared/docs/aoai-protocol.md §5)
    return {
      revised_prompt: revisedPrompt(request.prompt, request.style),
      ...image,
      content_filter_results: completionFilterResults(),
      prompt_filter_results: promptFilterResults(),
    };
  });
  const data = await Promise.all(images);
  const created = Math.floor(time / 1000);
  if (!gptImage) return { kind: 'json', body: JSON.stringify({ created, data }) };
  const usage = imagesUsage({
    textTokens: tokenizerFor(deployment.tokenizer).count(request.prompt),
    inputImages: [],
    size: dimensions,
    quality: request.quality,
    n,
  });
  return {
    kind: 'json',
    body: JSON.stringify({ created, data, usage }),
    usage: { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens },
  };
};

/** DALL-E 3 rewrites prompts; the simulator's rewrite is recognisable and deterministic. */
function revisedPrompt(prompt: string, style = 'vivid'): string {
  return `${style === 'natural' ? 'A natural, realistic' : 'A vivid, detailed'} image of ${prompt.trim().replace(/[.!]+$/, '')}, with balanced composition and soft lighting.`;
}
