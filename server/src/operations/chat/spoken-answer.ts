import { randomBytes } from 'node:crypto';
import { renderSpeech, speechDurationMs, type SpeechFormat } from '../../generate/media/index.ts';
import { createRandom } from '../../generate/random.ts';
import { splitByTokens } from '../../tokens/split-by-tokens.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import type { ChoiceAnswer } from './chat-answer.ts';
import type { AudioOutput, OutputAudioFormat } from './chat-audio.ts';

/**
 * Audio tokens per second of the answer's audio: 20, one per 50 ms, the rate OpenAI gives for its GPT-4o audio
 * models' assistant audio. A sample answer agrees: a 13-word haiku spoken as 148 audio tokens (Simon Willison,
 * "Experimenting with audio input and output for the OpenAI Chat Completion API", 2024-10-18).
 */
export const OUTPUT_AUDIO_TOKENS_PER_SECOND = 20;

/** How long an answer's audio can be replayed by id: an hour (the same sample: expires_at 3,604 s after created). */
export const AUDIO_EXPIRY_SECONDS = 3600;

/** The spoken form of an answer: `message.audio`, with the raw audio bytes. */
export interface SpokenAudio {
  /** `audio_` and 32 hex digits, as the service's ids read. */
  id: string;
  /** The audio, in the asked format (pcm16: headerless 24 kHz 16-bit little-endian mono). */
  data: Buffer;
  transcript: string;
  /** Unix seconds. */
  expiresAt: number;
  /** Completion audio tokens, from the audio's duration. */
  tokens: number;
}

const SPEECH_FORMAT: Readonly<Record<OutputAudioFormat, SpeechFormat>> = {
  wav: 'wav',
  mp3: 'mp3',
  flac: 'flac',
  opus: 'opus',
  pcm16: 'pcm',
};

/** Audio tokens of speaking `text`. */
function audioTokensOf(text: string): number {
  return Math.ceil((speechDurationMs(text) * OUTPUT_AUDIO_TOKENS_PER_SECOND) / 1000);
}

/**
 * The answer spoken: its text becomes the transcript of audio rendered in the asked format by the same generator
 * as `/audio/speech`, and `content` is null, as the service answers. Tool calls are not spoken. `now` is the
 * request's arrival in Unix seconds. With a token limit (`max_completion_tokens` or `max_tokens`), which counts the
 * audio's tokens too, the transcript is cut to what fits with its audio, and the answer ends with `length`.
 */
export function spokenAnswer(
  answer: ChoiceAnswer,
  output: AudioOutput,
  now: number,
  limit: { tokenizer: Tokenizer; maxTokens: number } | undefined,
): ChoiceAnswer {
  if (answer.content === null || answer.toolCalls.length > 0) return answer;
  const fitted = limit ? fitToLimit(answer, limit.tokenizer, limit.maxTokens) : answer;
  const transcript = fitted.content!;
  const durationMs = speechDurationMs(transcript);
  const seed = createRandom(`${output.voice}:${transcript}`).int(0, 0x7fffffff);
  const { audio } = renderSpeech({ format: SPEECH_FORMAT[output.format], durationMs, seed });
  const spoken: SpokenAudio = {
    id: `audio_${randomBytes(16).toString('hex')}`,
    data: audio,
    transcript,
    expiresAt: now + AUDIO_EXPIRY_SECONDS,
    tokens: Math.ceil((durationMs * OUTPUT_AUDIO_TOKENS_PER_SECOND) / 1000),
  };
  return { ...fitted, content: null, audio: spoken };
}

/**
 * The answer cut to the longest run of its first tokens that fits `maxTokens` with its audio (found by halving:
 * the audio only grows with the text). An answer that fits is returned as it is.
 */
function fitToLimit(answer: ChoiceAnswer, tokenizer: Tokenizer, maxTokens: number): ChoiceAnswer {
  const text = answer.content!;
  if (answer.visibleTokens + answer.reasoningTokens + audioTokensOf(text) <= maxTokens) return answer;
  const pieces = splitByTokens(tokenizer, text, 1);
  const prefix = (count: number) => pieces.slice(0, count);
  const fits = (count: number) => {
    const kept = prefix(count);
    const tokens = kept.reduce((sum, piece) => sum + piece.tokens, 0);
    return tokens + answer.reasoningTokens + audioTokensOf(kept.map((piece) => piece.text).join('')) <= maxTokens;
  };
  let low = 0;
  let high = pieces.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  const kept = prefix(low);
  const content = kept.map((piece) => piece.text).join('');
  const visibleTokens = kept.reduce((sum, piece) => sum + piece.tokens, 0);
  return { ...answer, content, visibleTokens, finishReason: 'length' };
}

/** `message.audio` of a non-streamed answer, keys in the service's order. */
export function audioMessage(audio: SpokenAudio): { data: string; expires_at: number; id: string; transcript: string } {
  return { data: audio.data.toString('base64'), expires_at: audio.expiresAt, id: audio.id, transcript: audio.transcript };
}
