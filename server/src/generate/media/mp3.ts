/**
 * Silent MP3 as MPEG-2 Layer III at 24 kHz mono, 32 kbit/s: the service's sample rate, and a bitrate at which
 * every frame is exactly 96 bytes (72 × 32000 / 24000), so no frame ever needs a padding slot.
 */
export const MP3_SAMPLE_RATE = 24000;
export const MP3_SAMPLES_PER_FRAME = 576;
const FRAME_BYTES = 96;

/**
 * 11-bit sync, version 10 (MPEG-2), layer 01 (III), no CRC; bitrate index 0100 (32k), rate index 01 (24 kHz),
 * no padding; channel mode 11 (mono), not copyrighted, original.
 */
const HEADER = [0xff, 0xf3, 0x44, 0xc4] as const;

/**
 * After the header comes 9 bytes of side information (MPEG-2 mono). All zero means main_data_begin 0 and
 * part2_3_length 0: no Huffman data, so every spectral line is zero and the frame decodes to silence. The rest of
 * the frame is ancillary data that decoders ignore.
 */
function silentFrame(): Buffer {
  const frame = Buffer.alloc(FRAME_BYTES);
  frame.set(HEADER, 0);
  return frame;
}

/** A stream of silent MP3 frames covering `sampleCount` samples at 24 kHz, rounded up to whole frames. */
export function encodeSilentMp3(sampleCount: number): Buffer {
  const frames = Math.max(1, Math.ceil(sampleCount / MP3_SAMPLES_PER_FRAME));
  const frame = silentFrame();
  const out = Buffer.alloc(frames * FRAME_BYTES);
  for (let i = 0; i < frames; i++) frame.copy(out, i * FRAME_BYTES);
  return out;
}
