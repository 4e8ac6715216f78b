import { encodeSilentAac } from './aac.ts';
import { encodeFlac } from './flac.ts';
import { encodeSilentMp3 } from './mp3.ts';
import { encodeSilentOggOpus, OPUS_GRANULE_RATE } from './opus.ts';
import { MAX_SPEECH_MS, SPEECH_CONTENT_TYPES, SPEECH_SAMPLE_RATE, type SpeechFormat } from './speech-format.ts';
import { speechSamples } from './speech-samples.ts';
import { encodeWav, pcm16le } from './wav.ts';

/**
 * Renders a real, playable audio file of `durationMs` in `format`, byte-for-byte the same for the same options.
 * wav, pcm and flac carry a soft speech-like hum chosen by the seed; mp3, aac and opus carry silence, since
 * encoding sound in those codecs would take a real encoder. Frame-based formats round up to a whole frame.
 * Throws a RangeError unless 0 <= durationMs <= MAX_SPEECH_MS.
 */
export function renderSpeech(options: { format: SpeechFormat; durationMs: number; seed: number }): {
  audio: Buffer;
  contentType: string;
} {
  const { format, durationMs, seed } = options;
  if (!Number.isFinite(durationMs) || durationMs < 0 || durationMs > MAX_SPEECH_MS) {
    throw new RangeError(`speech duration must be from 0 to ${MAX_SPEECH_MS} ms, got ${durationMs}`);
  }
  const sampleCount = Math.round((durationMs * SPEECH_SAMPLE_RATE) / 1000);
  return { audio: encode(format, sampleCount, durationMs, seed), contentType: SPEECH_CONTENT_TYPES[format] };
}

function encode(format: SpeechFormat, sampleCount: number, durationMs: number, seed: number): Buffer {
  switch (format) {
    case 'wav':
      return encodeWav(speechSamples(sampleCount, SPEECH_SAMPLE_RATE, seed), SPEECH_SAMPLE_RATE);
    case 'pcm':
      return pcm16le(speechSamples(sampleCount, SPEECH_SAMPLE_RATE, seed));
    case 'flac':
      return encodeFlac(speechSamples(sampleCount, SPEECH_SAMPLE_RATE, seed), SPEECH_SAMPLE_RATE);
    case 'mp3':
      return encodeSilentMp3(sampleCount);
    case 'aac':
      return encodeSilentAac(sampleCount);
    case 'opus':
      return encodeSilentOggOpus(Math.round((durationMs * OPUS_GRANULE_RATE) / 1000), seed);
    default:
      throw new RangeError(`unknown speech format ${String(format satisfies never)}`);
  }
}
