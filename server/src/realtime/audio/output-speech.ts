import type { RealtimeFlavor } from '../realtime-address.ts';
import { RealtimeProblem } from '../realtime-problem.ts';
import { audioFormat, formatNames } from './audio-format.ts';
import type { Speech } from './spoken-audio.ts';

type Fields = Readonly<Record<string, unknown>>;

/** The GA's `audio.output` of a session or a response.create, if it has one. */
function gaOutput(fields: Fields): Record<string, unknown> | undefined {
  const audio = fields.audio as { output?: unknown } | null | undefined;
  const output = typeof audio === 'object' && audio !== null ? audio.output : undefined;
  return typeof output === 'object' && output !== null ? (output as Record<string, unknown>) : undefined;
}

/**
 * The problem with the output format a `session.update` or a `response.create` sets, if any: the service answers
 * `invalid_value` and names the formats it supports (the GA's `audio.output.format.type`, the preview's
 * `output_audio_format`).
 */
export function outputFormatProblem(flavor: RealtimeFlavor, fields: Fields, prefix: string): RealtimeProblem | undefined {
  if (flavor === 'preview') {
    const format = fields.output_audio_format;
    if (format === undefined || audioFormat(flavor, format)) return undefined;
    return RealtimeProblem.invalidValue(`${prefix}output_audio_format`, format, formatNames(flavor));
  }
  const format = gaOutput(fields)?.format;
  if (format === undefined || audioFormat(flavor, format)) return undefined;
  const type = (format as { type?: unknown } | null)?.type;
  return RealtimeProblem.invalidValue(`${prefix}audio.output.format.type`, type ?? format, formatNames(flavor));
}

/** The modalities a response answers in: its own `output_modalities` (GA) or `modalities` (preview), else the session's. */
export function responseModalities(flavor: RealtimeFlavor, session: Fields, options: Fields): string[] {
  const name = flavor === 'ga' ? 'output_modalities' : 'modalities';
  const given = options[name] ?? session[name];
  return Array.isArray(given) ? (given as string[]) : flavor === 'ga' ? ['audio'] : ['text', 'audio'];
}

/**
 * How a response speaks, or undefined when it answers in text only: the output format, voice and speed of the
 * response.create if it gives them, else of the session (GA `audio.output`, preview `output_audio_format`,
 * `voice`, `speed`).
 */
export function responseSpeech(flavor: RealtimeFlavor, session: Fields, options: Fields): Speech | undefined {
  if (!responseModalities(flavor, session, options).includes('audio')) return undefined;
  if (flavor === 'preview') {
    const format = audioFormat(flavor, options.output_audio_format ?? session.output_audio_format) ?? audioFormat(flavor, 'pcm16')!;
    const voice = options.voice ?? session.voice;
    return { format, voice: typeof voice === 'string' ? voice : 'alloy', speed: typeof session.speed === 'number' ? session.speed : 1 };
  }
  const asked = gaOutput(options) ?? {};
  const set = gaOutput(session) ?? {};
  const format = audioFormat(flavor, asked.format ?? set.format) ?? audioFormat(flavor, { type: 'audio/pcm' })!;
  const voice = asked.voice ?? set.voice;
  return { format, voice: typeof voice === 'string' ? voice : 'alloy', speed: typeof set.speed === 'number' ? set.speed : 1 };
}
