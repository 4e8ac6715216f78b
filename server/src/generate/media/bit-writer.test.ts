import test from 'ava';
import { BitWriter } from './bit-writer.ts';

test('packs fields most significant bit first across byte boundaries', (t) => {
  const bits = new BitWriter().write(0b101, 3).write(0b11110000, 8).write(0xfff, 12);
  t.is(bits.bitLength, 23);
  t.deepEqual([...bits.toBuffer()], [0b10111110, 0b00011111, 0b11111110]);
});

test('writes 32-bit values whole', (t) => {
  t.deepEqual([...new BitWriter().write(0xdeadbeef, 32).toBuffer()], [0xde, 0xad, 0xbe, 0xef]);
});

test('rejects widths above 32 bits', (t) => {
  t.throws(() => new BitWriter().write(1, 33), { instanceOf: RangeError });
});
