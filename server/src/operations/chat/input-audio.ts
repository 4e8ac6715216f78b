import { serviceErrors } from '../../protocol/service-errors.ts';
import { mp3DurationMs, wavDurationMs } from './audio-duration.ts';

/**
 * Audio tokens per second of prompt audio: 10, one per 100 ms, the rate OpenAI gives for its GPT-4o audio models'
 * user audio (Realtime API docs, "audio tokens"); the Azure docs give no rate of their own.
 */
export const INPUT_AUDIO_TOKENS_PER_SECOND = 10;

/** `input_audio.format`: "Currently supports "wav" and "mp3"" (openai-node, ChatCompletionContentPartInputAudio). */
const INPUT_AUDIO_FORMATS = ['wav', 'mp3'] as const;

/**
 * The prompt audio tokens of one `input_audio` part, from the clip's playing time. `path` names the part in errors
 * (`messages[0].content[1].input_audio`). A clip that is not audio of its format is refused with the body the service
 * sends for it (OpenAI community, "gpt-4o-audio-preview unsupported_format error", 2025).
 */
export function inputAudioTokens(inputAudio: unknown, path: string): number {
  if (inputAudio === null || typeof inputAudio !== 'object') {
    throw serviceErrors.invalidRequest(`Missing required parameter: '${path}'.`, path, 'missing_required_parameter');
  }
  const { data, format } = inputAudio as { data?: unknown; format?: unknown };
  if (typeof data !== 'string') {
    throw serviceErrors.invalidRequest(`Missing required parameter: '${path}.data'.`, `${path}.data`, 'missing_required_parameter');
  }
  if (format !== 'wav' && format !== 'mp3') {
    throw serviceErrors.invalidRequest(
      `Invalid value: '${String(format)}'. Supported values are: ${INPUT_AUDIO_FORMATS.map((f) => `'${f}'`).join(' and ')}.`,
      `${path}.format`,
      'invalid_value',
    );
  }
  const bytes = Buffer.from(data, 'base64');
  const ms = format === 'wav' ? wavDurationMs(bytes) : mp3DurationMs(bytes);
  if (ms === undefined) {
    throw serviceErrors.invalidRequest('This model does not support the format you provided.', 'messages', 'unsupported_format');
  }
  return Math.ceil((ms * INPUT_AUDIO_TOKENS_PER_SECOND) / 1000);
}
