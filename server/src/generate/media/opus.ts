import { OGG_BEGIN_OF_STREAM, OGG_END_OF_STREAM, oggPage } from './ogg.ts';
import { seedToUint32 } from './seed.ts';

/** Opus always decodes at 48 kHz; granule positions count samples at this rate whatever the input rate was. */
export const OPUS_GRANULE_RATE = 48000;
/** The input rate recorded in OpusHead, informational only: the service's 24 kHz. */
export const OPUS_INPUT_SAMPLE_RATE = 24000;
/** Decoder delay to discard at the start, the value libopus encoders write. */
export const OPUS_PRE_SKIP = 312;
const SAMPLES_PER_PACKET = 960; // 20 ms at 48 kHz
/** 50 packets make one second per page, about what opusenc writes. */
const PACKETS_PER_PAGE = 50;
/**
 * TOC 0xF8 is configuration 31 (CELT-only, fullband, 20 ms), mono, one frame. The 2-byte frame 0xFF 0xFE makes
 * the range decoder read the "silence" flag as set, so the frame decodes to zeros; it is the silence frame
 * voice-chat clients send. One byte would not do: libopus treats frames of 0 or 1 byte as lost packets.
 */
const SILENT_PACKET = Uint8Array.from([0xf8, 0xff, 0xfe]);
const VENDOR = 'aoai-sim';

function opusHead(): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1; // version
  head[9] = 1; // channels
  head.writeUInt16LE(OPUS_PRE_SKIP, 10);
  head.writeUInt32LE(OPUS_INPUT_SAMPLE_RATE, 12);
  head.writeInt16LE(0, 16); // output gain
  head[18] = 0; // channel mapping family 0: mono or stereo, no mapping table
  return head;
}

function opusTags(): Buffer {
  const vendor = Buffer.from(VENDOR, 'utf8');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendor.length); // no user comments
  return tags;
}

/**
 * An Ogg Opus file (RFC 7845) of `sampleCount48k` samples of silence at 48 kHz. Packets are whole 20 ms frames;
 * the final page's granule position trims the excess, so players report the exact duration. The seed only picks
 * the stream serial number.
 */
export function encodeSilentOggOpus(sampleCount48k: number, seed: number): Buffer {
  const serial = seedToUint32(seed);
  const finalGranule = OPUS_PRE_SKIP + sampleCount48k;
  const packetCount = Math.max(1, Math.ceil(finalGranule / SAMPLES_PER_PACKET));
  const pageCount = Math.ceil(packetCount / PACKETS_PER_PAGE);
  // The identification and comment headers each get a page of their own, and audio starts on a fresh page.
  const pages = [
    oggPage({ packets: [opusHead()], flags: OGG_BEGIN_OF_STREAM, granulePosition: 0n, serial, sequence: 0 }),
    oggPage({ packets: [opusTags()], flags: 0, granulePosition: 0n, serial, sequence: 1 }),
  ];
  let packetsWritten = 0;
  for (let page = 0; page < pageCount; page++) {
    const packets = Math.min(PACKETS_PER_PAGE, packetCount - packetsWritten);
    packetsWritten += packets;
    const last = page === pageCount - 1;
    pages.push(
      oggPage({
        packets: Array.from({ length: packets }, () => SILENT_PACKET),
        flags: last ? OGG_END_OF_STREAM : 0,
        granulePosition: BigInt(last ? finalGranule : packetsWritten * SAMPLES_PER_PACKET),
        serial,
        sequence: page + 2,
      }),
    );
  }
  return Buffer.concat(pages);
}
