/** The `response_format` values of the text-to-speech API. */
export type SpeechFormat = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';

/** Every format renderSpeech can produce, in the order the API documents them. */
export const SPEECH_FORMATS: readonly SpeechFormat[] = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'];

/**
 * Content-Type per format. Opus is sent in an Ogg container, hence audio/ogg; pcm is headerless 24 kHz 16-bit
 * little-endian mono, which the API documents but no registered type describes exactly.
 */
export const SPEECH_CONTENT_TYPES: Readonly<Record<SpeechFormat, string>> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

/** The service's output rate for every format that carries real samples (wav, pcm, flac). */
export const SPEECH_SAMPLE_RATE = 24000;

/** Longest file rendered: well past the 4096-character input at speed 0.25, and it bounds every frame loop. */
export const MAX_SPEECH_MS = 30 * 60 * 1000;

/** True when `value` names a format renderSpeech accepts. */
export function isSpeechFormat(value: string): value is SpeechFormat {
  return (SPEECH_FORMATS as readonly string[]).includes(value);
}
