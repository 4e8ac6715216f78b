/** FLAC's checksums (RFC 9639 9.1.8 and 9.3): MSB-first, initial value 0, no final XOR. */

const CRC8_TABLE = buildTable(0x07, 8);
const CRC16_TABLE = buildTable(0x8005, 16);

function buildTable(polynomial: number, width: number): Uint16Array {
  const top = 1 << (width - 1);
  const mask = (1 << width) - 1;
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << (width - 8);
    for (let bit = 0; bit < 8; bit++) crc = (crc & top ? (crc << 1) ^ polynomial : crc << 1) & mask;
    table[byte] = crc;
  }
  return table;
}

/** CRC-8 with polynomial x^8 + x^2 + x + 1, which protects a frame header. */
export function flacCrc8(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = CRC8_TABLE[crc ^ bytes[i]!]!;
  return crc;
}

/** CRC-16 with polynomial x^16 + x^15 + x^2 + 1, which protects a whole frame. */
export function flacCrc16(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[(crc >>> 8) ^ bytes[i]!]!;
  return crc;
}
