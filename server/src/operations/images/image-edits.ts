import { createRandom } from '../../generate/random.ts';
import { parseImageSize } from '../../generate/media/index.ts';
import { AoaiError } from '../../http/aoai-error.ts';
import { filesNamed, type UploadedFile } from '../../http/body.ts';
import { isKnownApiVersion } from '../../protocol/api-versions.ts';
import { requestValidator } from '../../protocol/request-validator.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { OperationHandler } from '../types.ts';
import { imagePng, MAX_IMAGE_SEED } from './image-files.ts';
import { imagesUsage, type ImageDimensions } from './image-usage.ts';
import { readUploadedImage } from './uploaded-image.ts';

/**
 * The first api-version whose spec has `images/edits` (2025-04-01-preview; 2025-03-01-preview and the stable
 * versions have none): an older one on a dated route gets the gateway's 404, as the .NET SDK's users found
 * (Azure/azure-sdk-for-net#49697).
 */
const EDITS_SINCE = '2025-04-01';

/** The most images one edit takes (OpenAI's limit for gpt-image-1). */
const MAX_IMAGES = 16;

/** The sizes gpt-image-1 edits to. */
const EDIT_SIZES = ['1024x1024', '1536x1024', '1024x1536', 'auto'];

const validateFields = requestValidator('imageEdits', {
  type: 'object',
  properties: {
    prompt: { type: 'string', minLength: 1, maxLength: 32000 },
    n: { type: 'integer', minimum: 1, maximum: 10 },
    quality: { enum: ['standard', 'hd', 'low', 'medium', 'high', 'auto'] },
    response_format: { enum: ['url', 'b64_json'] },
    output_format: { enum: ['png', 'jpeg', 'webp'] },
    output_compression: { type: 'integer', minimum: 0, maximum: 100 },
    background: { enum: ['transparent', 'opaque', 'auto'] },
    input_fidelity: { enum: ['high', 'low'] },
    partial_images: { type: 'integer', minimum: 0, maximum: 3 },
  },
});

/** Form fields arrive as text: the integer ones are read as integers before they are checked. */
const INTEGER_FIELDS = ['n', 'output_compression', 'partial_images'];

/**
 * Image edits (`images/edits`, gpt-image models): the image or images (`image`, or `image[]` for several) and
 * an optional PNG `mask` the size of the first, and a prompt. The answer is b64_json, as gpt-image models always
 * answer: new deterministic PNGs (the same images and prompt give the same pictures), with `usage`.
 */
export const imageEdits: OperationHandler = async ({ body, files, deployment, apiVersion, route, time }) => {
  if (route === 'dated' && apiVersion !== undefined && isKnownApiVersion(apiVersion) && apiVersion.slice(0, 10) < EDITS_SINCE) {
    throw AoaiError.resourceNotFound();
  }
  const images = editImages(body, files);
  if (typeof body.prompt !== 'string') throw missing('prompt');
  const fields = withIntegers(body);
  validateFields(fields);
  const prompt = body.prompt;
  const read = images.map((image) => readUploadedImage(image.file, image.param));
  const mask = files.mask;
  if (mask) checkMask(mask, read[0]!);
  const size = typeof fields.size === 'string' ? fields.size : 'auto';
  if (!EDIT_SIZES.includes(size)) {
    throw serviceErrors.invalidRequest(
      `The size is not supported by this model. Supported sizes: ${EDIT_SIZES.join(', ')}.`,
      'size',
      'invalid_value',
    );
  }
  const dimensions = size === 'auto' ? autoSize(read[0]!) : parseImageSize(size)!;
  const n = (fields.n as number | undefined) ?? 1;
  const inputs = images.map((image) => image.file.sha256).join(',');
  const data = await Promise.all(
    Array.from({ length: n }, async (_, index) => {
      const seed = createRandom(`${deployment.model}\u0000edit\u0000${prompt}\u0000${inputs}\u0000${size}\u0000${index}`).int(
        0,
        MAX_IMAGE_SEED,
      );
      return { b64_json: (await imagePng(dimensions, seed)).toString('base64') };
    }),
  );
  const usage = imagesUsage({
    textTokens: tokenizerFor(deployment.tokenizer).count(prompt),
    inputImages: read,
    size: dimensions,
    quality: fields.quality as string | undefined,
    n,
  });
  return {
    kind: 'json',
    body: JSON.stringify({ created: Math.floor(time / 1000), data, usage }),
    usage: { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens },
  };
};

/** The images to edit, each with the name the service gives it in errors: `image`, or `image[0]`… for several. */
function editImages(
  body: Record<string, unknown>,
  files: Readonly<Record<string, UploadedFile>>,
): Array<{ file: UploadedFile; param: string }> {
  const single = filesNamed(files, 'image');
  const several = filesNamed(files, 'image[]');
  if (single.length === 0 && several.length === 0) {
    if (body.image !== undefined || body['image[]'] !== undefined) {
      throw serviceErrors.invalidRequest(
        "Invalid type for 'image': expected one of an array of files or file, but got a string instead.",
        'image',
        'invalid_type',
      );
    }
    throw missing('image');
  }
  const images = [
    ...single.map((file, index) => ({ file, param: single.length === 1 && several.length === 0 ? 'image' : `image[${index}]` })),
    ...several.map((file, index) => ({ file, param: `image[${single.length + index}]` })),
  ];
  if (images.length > MAX_IMAGES) {
    throw serviceErrors.invalidRequest(
      `Invalid 'image': array too long. Expected an array with maximum length ${MAX_IMAGES}, but got an array with length ${images.length} instead.`,
      'image',
      'array_above_max_length',
    );
  }
  return images;
}

/** The mask is a PNG the size of the (first) image: where it is transparent is where the image is edited. */
function checkMask(mask: UploadedFile, image: ImageDimensions): void {
  const read = readUploadedImage(mask, 'mask');
  if (read.mimetype !== 'image/png') {
    throw serviceErrors.invalidRequest(
      `Invalid file 'mask': unsupported mimetype ('${read.mimetype}'). Supported file formats are 'image/png'.`,
      'mask',
      'unsupported_file_mimetype',
    );
  }
  if (read.width !== image.width || read.height !== image.height) {
    throw serviceErrors.invalidRequest(
      `Invalid mask image: the mask is ${read.width}x${read.height} but the image is ${image.width}x${image.height}. The mask must have the same dimensions as the image.`,
      'mask',
      'invalid_value',
    );
  }
}

/** `auto`: the size of the image's shape. */
function autoSize(image: ImageDimensions): ImageDimensions {
  const ratio = image.width / image.height;
  if (ratio > 1.25) return { width: 1536, height: 1024 };
  if (ratio < 0.8) return { width: 1024, height: 1536 };
  return { width: 1024, height: 1024 };
}

function withIntegers(body: Record<string, unknown>): Record<string, unknown> {
  const fields = { ...body };
  for (const name of INTEGER_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string' && /^-?\d{1,10}$/.test(value.trim())) fields[name] = Number(value);
  }
  return fields;
}

function missing(param: string): AoaiError {
  return serviceErrors.invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}
