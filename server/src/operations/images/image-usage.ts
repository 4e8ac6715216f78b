/**
 * The `usage` of a gpt-image answer, computed as the service bills it, so that the same request always reports
 * the same figures:
 * - text tokens: the prompt, counted by the deployment's tokenizer;
 * - image tokens: each input image as the vision models count one, with gpt-image-1's figures (65 base tokens
 *   plus 129 per 512-pixel tile, after fitting the image within 2048×2048 and then its shorter side to 512);
 *   a mask is not counted;
 * - output tokens: per image, by quality and shape, from OpenAI's table for gpt-image-1 (272/408/400 tokens
 *   at low quality for square/portrait/landscape, 1056/1584/1568 at medium, 4160/6240/6208 at high); another
 *   size scales the figure of its shape by its area.
 */
export interface ImagesUsage {
  total_tokens: number;
  input_tokens: number;
  output_tokens: number;
  input_tokens_details: { text_tokens: number; image_tokens: number };
}

export interface ImageDimensions {
  width: number;
  height: number;
}

type Shape = 'square' | 'portrait' | 'landscape';

const OUTPUT_TOKENS: Readonly<Record<'low' | 'medium' | 'high', Readonly<Record<Shape, number>>>> = {
  low: { square: 272, portrait: 408, landscape: 400 },
  medium: { square: 1056, portrait: 1584, landscape: 1568 },
  high: { square: 4160, portrait: 6240, landscape: 6208 },
};

/** The sizes OUTPUT_TOKENS is given for. */
const TABLE_SIZES: Readonly<Record<Shape, ImageDimensions>> = {
  square: { width: 1024, height: 1024 },
  portrait: { width: 1024, height: 1536 },
  landscape: { width: 1536, height: 1024 },
};

const BASE_TOKENS = 65;
const TILE_TOKENS = 129;
const TILE = 512;
const FIT = 2048;

/** `auto` is answered at medium quality; DALL-E's `standard` and `hd` read as medium and high. */
function qualityLevel(quality: string | undefined): keyof typeof OUTPUT_TOKENS {
  if (quality === 'low' || quality === 'high') return quality;
  return quality === 'hd' ? 'high' : 'medium';
}

/** The tokens one output image of `size` costs at `quality`. */
export function imageOutputTokens(size: ImageDimensions, quality: string | undefined): number {
  const shape: Shape = size.width === size.height ? 'square' : size.width < size.height ? 'portrait' : 'landscape';
  const table = TABLE_SIZES[shape];
  const tokens = OUTPUT_TOKENS[qualityLevel(quality)][shape];
  return Math.round((tokens * size.width * size.height) / (table.width * table.height));
}

/** The tokens one input image of `size` costs. */
export function imageInputTokens(size: ImageDimensions): number {
  const fit = Math.min(1, FIT / Math.max(size.width, size.height));
  let width = size.width * fit;
  let height = size.height * fit;
  const shrink = Math.min(1, TILE / Math.min(width, height));
  width *= shrink;
  height *= shrink;
  return BASE_TOKENS + TILE_TOKENS * Math.ceil(width / TILE) * Math.ceil(height / TILE);
}

/** The usage of an answer of `n` images of `size`, from a prompt of `textTokens` and the input images given. */
export function imagesUsage(request: {
  textTokens: number;
  inputImages: readonly ImageDimensions[];
  size: ImageDimensions;
  quality: string | undefined;
  n: number;
}): ImagesUsage {
  const imageTokens = request.inputImages.reduce((sum, image) => sum + imageInputTokens(image), 0);
  const inputTokens = request.textTokens + imageTokens;
  const outputTokens = request.n * imageOutputTokens(request.size, request.quality);
  return {
    total_tokens: inputTokens + outputTokens,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    input_tokens_details: { text_tokens: request.textTokens, image_tokens: imageTokens },
  };
}
