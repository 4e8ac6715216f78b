/*
 * How long an `input_audio` clip plays, read from its headers: a WAV file's `fmt ` and `data` chunks, an MP3
 * stream's frame headers. Written here rather than taken from a library because it must be synchronous (the chat
 * answer is rendered synchronously) and small: the well-kept parsers (music-metadata) are asynchronous and read far
 * more than a duration. Both walks only move forward, so they end within the clip's length.
 */

/** The playing time of a WAV file in milliseconds, or undefined when it is not a PCM-style RIFF/WAVE file. */
export function wavDurationMs(bytes: Buffer): number | undefined {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  let byteRate = 0;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= bytes.length) byteRate = bytes.readUInt32LE(body + 8);
    if (id === 'data') {
      if (byteRate === 0) return undefined;
      // a file written while recording may say 0 or 0xFFFFFFFF: the data then runs to the end
      const available = bytes.length - body;
      const data = size === 0 || size > available ? available : size;
      return (data * 1000) / byteRate;
    }
    // chunks are padded to an even length
    offset = body + size + (size % 2);
  }
  return undefined;
}

/** Bit rates in kbit/s by bitrate index: MPEG-1 layers I, II, III, then MPEG-2/2.5 layer I, then layers II and III. */
const BITRATES: readonly (readonly number[])[] = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];

/** Sample rates by rate index, for MPEG-1, MPEG-2 and MPEG-2.5. */
const SAMPLE_RATES = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 25: [11025, 12000, 8000] } as const;

interface MpegFrame {
  bytes: number;
  samples: number;
  sampleRate: number;
}

/** The frame whose header starts at `offset`, or undefined when no valid header is there. */
function mpegFrame(bytes: Buffer, offset: number): MpegFrame | undefined {
  if (offset + 4 > bytes.length || bytes[offset] !== 0xff || (bytes[offset + 1]! & 0xe0) !== 0xe0) return undefined;
  const versionBits = (bytes[offset + 1]! >> 3) & 3;
  const layerBits = (bytes[offset + 1]! >> 1) & 3;
  const bitrateIndex = bytes[offset + 2]! >> 4;
  const rateIndex = (bytes[offset + 2]! >> 2) & 3;
  const padding = (bytes[offset + 2]! >> 1) & 1;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 25;
  const layer = 4 - layerBits;
  const table = version === 1 ? layer - 1 : layer === 1 ? 3 : 4;
  const bitrate = BITRATES[table]![bitrateIndex]! * 1000;
  const sampleRate = SAMPLE_RATES[version][rateIndex]!;
  if (layer === 1) return { bytes: (Math.floor((12 * bitrate) / sampleRate) + padding) * 4, samples: 384, sampleRate };
  const samples = layer === 3 && version !== 1 ? 576 : 1152;
  return { bytes: Math.floor((samples / 8) * (bitrate / sampleRate)) + padding, samples, sampleRate };
}

/** Where the audio starts: after an ID3v2 tag, whose size is four 7-bit bytes (and a 10-byte footer if flagged). */
function afterId3(bytes: Buffer): number {
  if (bytes.length < 10 || bytes.toString('latin1', 0, 3) !== 'ID3') return 0;
  const size = (bytes[6]! << 21) | (bytes[7]! << 14) | (bytes[8]! << 7) | bytes[9]!;
  return 10 + size + (bytes[5]! & 0x10 ? 10 : 0);
}

/**
 * The playing time of an MP3 stream in milliseconds: the samples of its frames, walked header to header. Bytes
 * before the first frame are skipped; the walk stops at the first byte that does not start a frame (an ID3v1 tag,
 * trailing junk). Undefined when there is no frame at all.
 */
export function mp3DurationMs(bytes: Buffer): number | undefined {
  let offset = afterId3(bytes);
  while (offset < bytes.length && !mpegFrame(bytes, offset)) offset++;
  let ms = 0;
  let frames = 0;
  for (let frame = mpegFrame(bytes, offset); frame && frame.bytes >= 4; frame = mpegFrame(bytes, offset)) {
    ms += (frame.samples * 1000) / frame.sampleRate;
    frames++;
    offset += frame.bytes;
  }
  return frames === 0 ? undefined : ms;
}
