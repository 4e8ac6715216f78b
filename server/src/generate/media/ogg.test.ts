import test from 'ava';
import { OGG_BEGIN_OF_STREAM, oggCrc32, oggPage } from './ogg.ts';

test('the CRC is the unreflected 0x04C11DB7 one Ogg specifies, not zlib CRC-32', (t) => {
  // CRC-32/CKSUM without its final XOR, as Ogg uses it.
  t.is(oggCrc32(Buffer.from('123456789', 'latin1')), 0x89a1897f);
  t.is(oggCrc32(new Uint8Array(0)), 0);
});

test('writes the page header, lacing values and a CRC over the whole page', (t) => {
  const packets = [new Uint8Array(3).fill(1), new Uint8Array(255).fill(2), new Uint8Array(600).fill(3)];
  const page = oggPage({ packets, flags: OGG_BEGIN_OF_STREAM, granulePosition: 123_456_789_012n, serial: 0xcafef00d, sequence: 7 });
  t.is(page.toString('latin1', 0, 4), 'OggS');
  t.is(page[4], 0);
  t.is(page[5], OGG_BEGIN_OF_STREAM);
  t.is(page.readBigInt64LE(6), 123_456_789_012n);
  t.is(page.readUInt32LE(14), 0xcafef00d);
  t.is(page.readUInt32LE(18), 7);
  // A 255-byte packet needs a terminating zero-length segment; 600 bytes are 255 + 255 + 90.
  t.deepEqual([...page.subarray(27, 27 + page[26]!)], [3, 255, 0, 255, 255, 90]);
  t.is(page.length, 27 + 6 + 3 + 255 + 600);
  const zeroed = Buffer.from(page);
  zeroed.writeUInt32LE(0, 22);
  t.is(page.readUInt32LE(22), oggCrc32(zeroed));
});

test('refuses more than 255 segments on a page', (t) => {
  t.throws(() => oggPage({ packets: [new Uint8Array(255 * 255)], flags: 0, granulePosition: 0n, serial: 1, sequence: 0 }), {
    instanceOf: RangeError,
  });
});
