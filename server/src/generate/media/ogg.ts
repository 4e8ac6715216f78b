/** Ogg's CRC-32 (RFC 3533): polynomial 0x04C11DB7 MSB-first, initial value 0, no final XOR — not zlib's CRC. */
const OGG_CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    table[byte] = crc >>> 0;
  }
  return table;
})();

/** The checksum an Ogg page carries, computed over the page with its CRC field zeroed. */
export function oggCrc32(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ OGG_CRC_TABLE[(crc >>> 24) ^ bytes[i]!]!) >>> 0;
  return crc;
}

export const OGG_CONTINUED = 0x01;
export const OGG_BEGIN_OF_STREAM = 0x02;
export const OGG_END_OF_STREAM = 0x04;
const MAX_SEGMENTS = 255;
const HEADER_BYTES = 27;

/**
 * One Ogg page holding whole `packets` (none continues onto another page). The lacing values split each packet
 * into 255-byte segments and end it with a shorter one, a zero when its length is a multiple of 255.
 */
export function oggPage(page: {
  packets: readonly Uint8Array[];
  flags: number;
  granulePosition: bigint;
  serial: number;
  sequence: number;
}): Buffer {
  const lacing: number[] = [];
  for (const packet of page.packets) {
    for (let left = packet.length; ; left -= 255) {
      lacing.push(Math.min(left, 255));
      if (left < 255) break;
    }
  }
  if (lacing.length > MAX_SEGMENTS) throw new RangeError(`an Ogg page holds at most ${MAX_SEGMENTS} segments`);
  const bodyBytes = page.packets.reduce((sum, packet) => sum + packet.length, 0);
  const out = Buffer.alloc(HEADER_BYTES + lacing.length + bodyBytes);
  out.write('OggS', 0, 'latin1');
  out[4] = 0; // stream structure version
  out[5] = page.flags;
  out.writeBigInt64LE(page.granulePosition, 6);
  out.writeUInt32LE(page.serial >>> 0, 14);
  out.writeUInt32LE(page.sequence >>> 0, 18);
  // bytes 22..25 hold the CRC, zero until computed below
  out[26] = lacing.length;
  out.set(lacing, HEADER_BYTES);
  let offset = HEADER_BYTES + lacing.length;
  for (const packet of page.packets) {
    out.set(packet, offset);
    offset += packet.length;
  }
  out.writeUInt32LE(oggCrc32(out), 22);
  return out;
}
