import g711 from 'alawmulaw';
import type { RealtimeFlavor } from '../realtime-address.ts';

/** How audio travels on a session, in one direction: the codec and its sample rate. */
export interface AudioFormat {
  codec: 'pcm16' | 'g711_ulaw' | 'g711_alaw';
  /** Samples per second: 24 kHz for pcm16, 8 kHz for G.711, as the realtime docs give them. */
  sampleRate: number;
  /** Bytes per sample on the wire: 2 for little-endian pcm16, 1 for G.711. */
  bytesPerSample: number;
}

const PCM16: AudioFormat = { codec: 'pcm16', sampleRate: 24000, bytesPerSample: 2 };
const ULAW: AudioFormat = { codec: 'g711_ulaw', sampleRate: 8000, bytesPerSample: 1 };
const ALAW: AudioFormat = { codec: 'g711_alaw', sampleRate: 8000, bytesPerSample: 1 };

/** The preview's format names (`input_audio_format`, `output_audio_format`). */
const PREVIEW_FORMATS: Readonly<Record<string, AudioFormat>> = { pcm16: PCM16, g711_ulaw: ULAW, g711_alaw: ALAW };
/** The GA's `format.type` values (openai-node: RealtimeAudioFormats). */
const GA_FORMATS: Readonly<Record<string, AudioFormat>> = { 'audio/pcm': PCM16, 'audio/pcmu': ULAW, 'audio/pcma': ALAW };

/** The names a flavor accepts for a format, for the error that refuses another. */
export function formatNames(flavor: RealtimeFlavor): readonly string[] {
  return Object.keys(flavor === 'ga' ? GA_FORMATS : PREVIEW_FORMATS);
}

/**
 * The format a session setting names, or undefined when it names none the flavor knows: the preview gives a
 * string (`'g711_ulaw'`), the GA an object (`{ type: 'audio/pcmu' }`, `{ type: 'audio/pcm', rate: 24000 }`).
 */
export function audioFormat(flavor: RealtimeFlavor, setting: unknown): AudioFormat | undefined {
  if (flavor === 'preview') return typeof setting === 'string' ? PREVIEW_FORMATS[setting] : undefined;
  const type = (setting as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? GA_FORMATS[type] : undefined;
}

/** Milliseconds of audio in `bytes` bytes of a format. */
export function audioMs(format: AudioFormat, bytes: number): number {
  return (bytes / format.bytesPerSample / format.sampleRate) * 1000;
}

/** Samples on the wire → 16-bit samples: pcm16 is read little-endian, G.711 is expanded. */
export function decodeAudio(format: AudioFormat, bytes: Uint8Array): Int16Array {
  if (format.codec === 'g711_ulaw') return g711.mulaw.decode(bytes);
  if (format.codec === 'g711_alaw') return g711.alaw.decode(bytes);
  const samples = new Int16Array(bytes.length >> 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, samples.length * 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

/** 16-bit samples → the bytes a format sends: little-endian pcm16, or G.711 compressed. */
export function encodeAudio(format: AudioFormat, samples: Int16Array): Buffer {
  if (format.codec === 'g711_ulaw') return Buffer.from(g711.mulaw.encode(samples).buffer);
  if (format.codec === 'g711_alaw') return Buffer.from(g711.alaw.encode(samples).buffer);
  const bytes = Buffer.allocUnsafe(samples.length * 2);
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i]!, i * 2);
  return bytes;
}
