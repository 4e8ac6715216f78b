import { videoErrors } from './video-errors.ts';
import { sizesFor, VIDEO_SECONDS, type VideoSeconds, type VideoSize } from './video-job.ts';

/** What a create request asks for, checked. */
export interface VideoRequest {
  model: string;
  prompt: string;
  seconds: VideoSeconds;
  size: VideoSize;
}

/** The model a create names when it names none, as the API documents. */
export const DEFAULT_VIDEO_MODEL = 'sora-2';

function text(fields: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  // a JSON body may send the seconds as a number; the form sends every field as text
  if (typeof value === 'number' && name === 'seconds') return String(value);
  if (typeof value !== 'string') throw videoErrors.invalidType(name);
  return value;
}

/** The model a create or remix names, before it is checked against the deployments. */
export function requestedModel(fields: Readonly<Record<string, unknown>>): string {
  return text(fields, 'model') || DEFAULT_VIDEO_MODEL;
}

/**
 * Reads a create request's fields (form or JSON): `prompt` (required), `seconds` (4, 8 or 12; 4 by default) and
 * `size` (one the model makes; 720x1280 by default), or throws the service's 400. `input_reference` is taken
 * and not used: the clip is the simulator's own.
 */
export function videoRequest(fields: Readonly<Record<string, unknown>>, model: string): VideoRequest {
  const prompt = text(fields, 'prompt');
  if (!prompt) throw videoErrors.missingParameter('prompt');
  const seconds = text(fields, 'seconds') ?? '4';
  if (!(VIDEO_SECONDS as readonly string[]).includes(seconds)) throw videoErrors.invalidValue('seconds', seconds, VIDEO_SECONDS);
  const sizes = sizesFor(model);
  const size = text(fields, 'size') ?? sizes[0]!;
  if (!(sizes as readonly string[]).includes(size)) throw videoErrors.invalidValue('size', size, sizes);
  return { model, prompt, seconds: seconds as VideoSeconds, size: size as VideoSize };
}

/** A remix's new prompt, or the service's 400. */
export function remixPrompt(fields: Readonly<Record<string, unknown>>): string {
  const prompt = text(fields, 'prompt');
  if (!prompt) throw videoErrors.missingParameter('prompt');
  return prompt;
}
