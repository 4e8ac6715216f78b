import { createHash } from 'node:crypto';
import { flacCrc16, flacCrc8 } from './flac-crc.ts';
import { pcm16le } from './wav.ts';

/** Samples per frame; the usual libFLAC block size, and one that has its own 4-bit code in the frame header. */
export const FLAC_BLOCK_SIZE = 4096;
const BLOCK_SIZE_CODE_4096 = 0b1100;
const BLOCK_SIZE_CODE_8BIT = 0b0110; // block size - 1 follows the frame number in 8 bits
const BLOCK_SIZE_CODE_16BIT = 0b0111; // ... or in 16 bits
const SAMPLE_RATE_CODES: Readonly<Record<number, number>> = { 8000: 4, 16000: 5, 22050: 6, 24000: 7, 32000: 8, 44100: 9, 48000: 10 };
const SAMPLE_SIZE_CODE_16 = 0b100;
const SUBFRAME_VERBATIM = 0b000001;

/**
 * A FLAC file of 16-bit mono `samples`: the marker, one STREAMINFO block (with real frame sizes and the MD5 of the
 * audio), then fixed-size frames of VERBATIM subframes. VERBATIM does not compress, but it needs no predictor or
 * Rice coder and is as valid as any other subframe type.
 */
export function encodeFlac(samples: Int16Array, sampleRate: number): Buffer {
  const rateCode = SAMPLE_RATE_CODES[sampleRate];
  if (rateCode === undefined) throw new RangeError(`no FLAC frame-header code for ${sampleRate} Hz`);
  const littleEndian = pcm16le(samples);
  // FLAC stores samples big-endian: swap the bytes once rather than writing each sample separately.
  const bigEndian = Buffer.from(littleEndian).swap16();
  const frames: Buffer[] = [];
  const frameCount = Math.ceil(samples.length / FLAC_BLOCK_SIZE);
  for (let index = 0; index < frameCount; index++) {
    const block = bigEndian.subarray(index * FLAC_BLOCK_SIZE * 2, (index + 1) * FLAC_BLOCK_SIZE * 2);
    frames.push(encodeFrame(block, index, rateCode));
  }
  const sizes = frames.map((frame) => frame.length);
  const streamInfo = streamInfoBlock({
    sampleRate,
    totalSamples: samples.length,
    minFrameBytes: sizes.reduce((min, size) => Math.min(min, size), sizes[0] ?? 0),
    maxFrameBytes: sizes.reduce((max, size) => Math.max(max, size), 0),
    md5: createHash('md5').update(littleEndian).digest(),
  });
  return Buffer.concat([Buffer.from('fLaC', 'latin1'), streamInfo, ...frames]);
}

function streamInfoBlock(info: {
  sampleRate: number;
  totalSamples: number;
  minFrameBytes: number;
  maxFrameBytes: number;
  md5: Buffer;
}): Buffer {
  const block = Buffer.alloc(4 + 34);
  block[0] = 0x80; // last-metadata-block flag, type 0 (STREAMINFO)
  block.writeUIntBE(34, 1, 3);
  block.writeUInt16BE(FLAC_BLOCK_SIZE, 4); // minimum block size (the last block is exempt)
  block.writeUInt16BE(FLAC_BLOCK_SIZE, 6); // maximum block size
  block.writeUIntBE(info.minFrameBytes, 8, 3);
  block.writeUIntBE(info.maxFrameBytes, 11, 3);
  // 20 bits of sample rate, 3 of channels - 1, 5 of bits per sample - 1, then 36 bits of total samples.
  const totalHigh = Math.floor(info.totalSamples / 2 ** 32);
  block.writeUInt32BE(((info.sampleRate << 12) | (0 << 9) | (15 << 4) | (totalHigh & 0xf)) >>> 0, 14);
  block.writeUInt32BE(info.totalSamples % 2 ** 32, 18);
  info.md5.copy(block, 22);
  return block;
}

/** One frame of `block`, the frame's samples already as 16-bit big-endian bytes. */
function encodeFrame(block: Buffer, index: number, rateCode: number): Buffer {
  const size = block.length / 2;
  const sizeCode = size === FLAC_BLOCK_SIZE ? BLOCK_SIZE_CODE_4096 : size <= 256 ? BLOCK_SIZE_CODE_8BIT : BLOCK_SIZE_CODE_16BIT;
  const header: number[] = [0xff, 0xf8, (sizeCode << 4) | rateCode, (0b0000 << 4) | (SAMPLE_SIZE_CODE_16 << 1)];
  header.push(...utf8CodedNumber(index)); // fixed-block-size streams number frames, not samples
  if (sizeCode === BLOCK_SIZE_CODE_8BIT) header.push(size - 1);
  if (sizeCode === BLOCK_SIZE_CODE_16BIT) header.push((size - 1) >> 8, (size - 1) & 0xff);
  header.push(flacCrc8(Uint8Array.from(header)));

  const frame = Buffer.alloc(header.length + 1 + size * 2 + 2);
  frame.set(header, 0);
  let offset = header.length;
  frame[offset++] = SUBFRAME_VERBATIM << 1; // zero padding bit, type, no wasted bits
  offset += block.copy(frame, offset);
  frame.writeUInt16BE(flacCrc16(frame.subarray(0, offset)), offset);
  return frame;
}

/** The "UTF-8" variable-length integer FLAC uses for frame numbers, extended to 36 bits as FLAC allows. */
export function utf8CodedNumber(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** 36) throw new RangeError(`cannot code ${value}`);
  if (value < 0x80) return [value];
  // n continuation bytes carry 6 bits each; the lead byte carries 6 - n bits after n + 1 one-bits and a zero.
  for (let continuation = 1; continuation <= 6; continuation++) {
    const leadBits = 6 - continuation;
    if (value >= 2 ** (leadBits + 6 * continuation)) continue;
    const bytes: number[] = [];
    let rest = value;
    for (let i = 0; i < continuation; i++) {
      bytes.unshift(0x80 | (rest % 64));
      rest = Math.floor(rest / 64);
    }
    const marker = (0xff00 >> (continuation + 1)) & 0xff;
    bytes.unshift(marker | rest);
    return bytes;
  }
  throw new RangeError(`cannot code ${value}`);
}
