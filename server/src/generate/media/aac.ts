import { BitWriter } from './bit-writer.ts';

/** Silent AAC-LC in an ADTS stream, mono at 24 kHz like the service's other formats. */
export const AAC_SAMPLE_RATE = 24000;
export const AAC_SAMPLES_PER_FRAME = 1024;
const SAMPLING_FREQUENCY_INDEX = 6; // 24000 Hz in the MPEG-4 table
const ADTS_HEADER_BYTES = 7;
/**
 * Every frame is padded to this size with a fill element. That gives a plausible 36 kbit/s instead of 2, and
 * keeps each frame longer than the 164-byte look-ahead music-metadata needs, which otherwise stops counting
 * frames before the end of the file and under-reports the duration.
 */
const FRAME_BYTES = 192;

const ID_SCE = 0;
const ID_FIL = 6;
const ID_END = 7;
const ZERO_HCB = 0;
const EXT_FILL_DATA = 1;

/**
 * One raw_data_block (ISO/IEC 14496-3 4.4.2): a single channel element that codes all-zero spectra, then a fill
 * element of padding, then END. The SCE is the widely used 6-byte silent mono frame (global_gain 100, one
 * scale-factor band in the zero codebook, no pulse, TNS or gain control data).
 */
function silentRawDataBlock(payloadBytes: number): Buffer {
  const bits = new BitWriter();
  bits.write(ID_SCE, 3).write(0, 4); // element_instance_tag
  bits.write(100, 8); // global_gain
  bits.write(0, 1).write(0, 2).write(0, 1); // ics_reserved_bit, ONLY_LONG_SEQUENCE, sine window
  bits.write(1, 6).write(0, 1); // max_sfb, predictor_data_present
  bits.write(ZERO_HCB, 4).write(1, 5); // section_data: one section of one band
  bits.write(0, 1).write(0, 1).write(0, 1); // pulse, TNS and gain control data absent
  // The fill element spends what is left: 3+4+8 bits of its own header and 3 bits of END bring the SCE's 38 bits
  // to 56, so with `count` bytes of extension payload the block is exactly 7 + count bytes.
  const count = payloadBytes - 7;
  if (count < 15 || count > 15 + 255 - 1) throw new RangeError(`cannot pad an AAC frame with ${count} bytes`);
  bits.write(ID_FIL, 3).write(15, 4); // a count of 15 means the real one is 15 + esc_count - 1
  bits.write(count - 14, 8); // esc_count
  bits.write(EXT_FILL_DATA, 4).write(0, 4); // extension_type, fill_nibble
  for (let i = 0; i < count - 1; i++) bits.write(0xa5, 8); // fill_byte, fixed by the standard
  bits.write(ID_END, 3);
  if (bits.bitLength !== payloadBytes * 8) throw new Error('AAC raw data block came out the wrong size');
  return bits.toBuffer();
}

/** The 7-byte ADTS header (no CRC) for one AAC-LC mono frame of `frameBytes` bytes, header included. */
function adtsHeader(frameBytes: number): Buffer {
  return new BitWriter()
    .write(0xfff, 12) // syncword
    .write(0, 1) // MPEG-4
    .write(0, 2) // layer
    .write(1, 1) // protection_absent
    .write(1, 2) // profile: AAC LC (object type 2, minus one)
    .write(SAMPLING_FREQUENCY_INDEX, 4)
    .write(0, 1) // private bit
    .write(1, 3) // channel configuration: mono
    .write(0, 4) // original, home, copyright id bit and start
    .write(frameBytes, 13)
    .write(0x7ff, 11) // buffer fullness: variable rate
    .write(0, 2) // one raw data block in the frame
    .toBuffer();
}

/** A stream of silent ADTS frames covering `sampleCount` samples at 24 kHz, rounded up to whole frames. */
export function encodeSilentAac(sampleCount: number): Buffer {
  const frames = Math.max(1, Math.ceil(sampleCount / AAC_SAMPLES_PER_FRAME));
  const frame = Buffer.concat([adtsHeader(FRAME_BYTES), silentRawDataBlock(FRAME_BYTES - ADTS_HEADER_BYTES)]);
  const out = Buffer.alloc(frames * FRAME_BYTES);
  for (let i = 0; i < frames; i++) frame.copy(out, i * FRAME_BYTES);
  return out;
}
