/*
 * Audio in chat completions (`gpt-4o-audio-preview`, `gpt-4o-mini-audio-preview`, `gpt-audio`): what a request asks
 * of it, checked as the service checks it. Sources: Azure's "audio completions quickstart" (modalities, the `audio`
 * parameter, `input_audio` parts, replaying an answer by `audio.id`), openai-node's ChatCompletionAudioParam and
 * ChatCompletionContentPartInputAudio (formats), the service's error bodies quoted in public reports (named below).
 * The wordings not seen in any report follow the service's usual forms and are marked so.
 */
import { modelTakesAudio } from '../../protocol/model-gate.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { inputAudioTokens } from './input-audio.ts';

/** `audio.format`: the spec's list (openai-node lists `aac` too, which the Azure specs never have). */
export const OUTPUT_AUDIO_FORMATS = ['wav', 'mp3', 'flac', 'opus', 'pcm16'] as const;
export type OutputAudioFormat = (typeof OUTPUT_AUDIO_FORMATS)[number];

/** `audio.voice`: the built-in voices of the chat audio models (`marin` and `cedar` came with gpt-audio). */
export const AUDIO_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;

/** A stream carries raw samples only: "The only supported audio format is pcm16" (OpenAI community, Oct 2024). */
const STREAM_FORMAT: OutputAudioFormat = 'pcm16';

/** The spoken answer a request asks for. */
export interface AudioOutput {
  voice: string;
  format: OutputAudioFormat;
}

/** What a chat request does with audio: the answer to speak (if any), and the prompt's audio tokens. */
export interface ChatAudio {
  output: AudioOutput | undefined;
  promptAudioTokens: number;
}

const NO_AUDIO: ChatAudio = { output: undefined, promptAudioTokens: 0 };

/**
 * Checks the audio of a chat request against the deployment's model, and says what the answer must carry. A request
 * with no `modalities`, no `audio` and no audio content, to a model without audio, costs one pass over its messages.
 */
export function chatAudio(body: Record<string, unknown>, model: string, stream: boolean): ChatAudio {
  const takesAudio = modelTakesAudio(model);
  const asksAudio = asksAudioOutput(body.modalities);
  const audioInput = audioInputOf(body.messages, takesAudio !== false);
  if (takesAudio === false) {
    // no report quotes this refusal; the wording is the service's usual one for a value a model does not take
    if (asksAudio) {
      throw serviceErrors.invalidRequest(
        "Unsupported value: 'modalities' does not support 'audio' with this model.",
        'modalities',
        'unsupported_value',
      );
    }
    return NO_AUDIO;
  }
  if (takesAudio === true && !asksAudio && !audioInput.present) {
    // CherryHQ/cherry-studio#1179 and truefoundry/models#822 quote this body from the service
    throw serviceErrors.invalidRequest(
      'This model requires that either input content or output modality contain audio.',
      'model',
      'invalid_value',
    );
  }
  return { output: asksAudio ? audioOutput(body.audio, stream) : undefined, promptAudioTokens: audioInput.tokens };
}

/** Whether `modalities` asks for audio; an unknown modality is refused as an invalid value. */
function asksAudioOutput(modalities: unknown): boolean {
  if (!Array.isArray(modalities)) return false;
  let audio = false;
  modalities.forEach((modality, i) => {
    if (modality === 'audio') audio = true;
    else if (modality !== 'text') {
      throw serviceErrors.invalidRequest(
        `Invalid value: '${String(modality)}'. Supported values are: 'text' and 'audio'.`,
        `modalities[${i}]`,
        'invalid_value',
      );
    }
  });
  return audio;
}

/** `audio`, required with the audio modality ("Required when audio output is requested", openai-node). */
function audioOutput(audio: unknown, stream: boolean): AudioOutput {
  if (audio === null || audio === undefined || typeof audio !== 'object') {
    throw serviceErrors.invalidRequest("Missing required parameter: 'audio'.", 'audio', 'missing_required_parameter');
  }
  const { voice, format } = audio as { voice?: unknown; format?: unknown };
  const checked = (value: unknown, name: 'voice' | 'format', allowed: readonly string[]): string => {
    if (value === undefined || value === null) {
      throw serviceErrors.invalidRequest(`Missing required parameter: 'audio.${name}'.`, `audio.${name}`, 'missing_required_parameter');
    }
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw serviceErrors.invalidRequest(
        `Invalid value: '${String(value)}'. Supported values are: ${quotedList(allowed)}.`,
        `audio.${name}`,
        'invalid_value',
      );
    }
    return value;
  };
  const output = {
    voice: checked(voice, 'voice', AUDIO_VOICES),
    format: checked(format, 'format', OUTPUT_AUDIO_FORMATS) as OutputAudioFormat,
  };
  if (stream && output.format !== STREAM_FORMAT) {
    // the refusal's wording is not quoted anywhere public; the rule is
    throw serviceErrors.invalidRequest(
      `Unsupported value: 'audio.format' does not support '${output.format}' with stream=true. Supported values are: '${STREAM_FORMAT}'.`,
      'audio.format',
      'unsupported_value',
    );
  }
  return output;
}

/** `'a', 'b', and 'c'`, as the service lists supported values. */
function quotedList(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length <= 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
}

/**
 * The audio in the conversation: `input_audio` parts (read, and counted, only on a model that takes them; refused
 * on one that does not, as image parts are refused without vision) and earlier answers replayed by `audio.id`.
 */
function audioInputOf(messages: unknown, takesAudio: boolean): { present: boolean; tokens: number } {
  let present = false;
  let tokens = 0;
  if (!Array.isArray(messages)) return { present, tokens };
  messages.forEach((message: { role?: unknown; content?: unknown; audio?: unknown }, i) => {
    if (message?.role === 'assistant' && message.audio !== undefined && message.audio !== null) {
      const id = (message.audio as { id?: unknown }).id;
      if (typeof id !== 'string') {
        throw serviceErrors.invalidRequest(
          `Missing required parameter: 'messages[${i}].audio.id'.`,
          `messages[${i}].audio.id`,
          'missing_required_parameter',
        );
      }
      present = true;
    }
    if (!Array.isArray(message?.content)) return;
    message.content.forEach((part: { type?: unknown; input_audio?: unknown }, j) => {
      if (part?.type !== 'input_audio') return;
      if (!takesAudio) {
        // the image refusal's words (browser-use/web-ui#274), said of audio; not quoted for audio anywhere public
        throw serviceErrors.invalidRequest(
          'Invalid content type. input_audio is only supported by certain models.',
          `messages.[${i}].content.[${j}].type`,
          null,
        );
      }
      present = true;
      tokens += inputAudioTokens(part.input_audio, `messages[${i}].content[${j}].input_audio`);
    });
  });
  return { present, tokens };
}
