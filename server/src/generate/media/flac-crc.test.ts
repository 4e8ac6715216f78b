import test from 'ava';
import { flacCrc16, flacCrc8 } from './flac-crc.ts';

const CHECK = Buffer.from('123456789', 'latin1');

// The standard check values of CRC-8/SMBUS and CRC-16/UMTS, the catalogue names of FLAC's two CRCs.
test('CRC-8 matches the catalogue check value', (t) => {
  t.is(flacCrc8(CHECK), 0xf4);
  t.is(flacCrc8(new Uint8Array(0)), 0);
});

test('CRC-16 matches the catalogue check value', (t) => {
  t.is(flacCrc16(CHECK), 0xfee8);
  t.is(flacCrc16(new Uint8Array(0)), 0);
});
