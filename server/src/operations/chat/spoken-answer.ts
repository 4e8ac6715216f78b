import { randomBytes } from 'node:crypto';
import { renderSpeech, speechDurationMs, type SpeechFormat } from '../../generate/media/index.ts';
import { createRandom } from '../../generate/random.ts';
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

/**
 * The answer spoken: its text becomes the transcript of audio rendered in the asked format by the same generator
 * as `/audio/speech`, and `content` is null, as the service answers. Tool calls are not spoken. `now` is the
 * request's arrival in Unix seconds.
 */
export function spokenAnswer(answer: ChoiceAnswer, output: AudioOutput, now: number): ChoiceAnswer {
  if (answer.content === null || answer.toolCalls.length > 0) return answer;
  const transcript = answer.content;
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
  return { ...answer, content: null, audio: spoken };
}

/** `message.audio` of a non-streamed answer, keys in the service's order. */
export function audioMessage(audio: SpokenAudio): { data: string; expires_at: number; id: string; transcript: string } {
  return { data: audio.data.toString('base64'), expires_at: audio.expiresAt, id: audio.id, transcript: audio.transcript };
}
