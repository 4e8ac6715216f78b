import { createHash } from 'node:crypto';
import test from 'ava';
import { encodeFlac, FLAC_BLOCK_SIZE, utf8CodedNumber } from './flac.ts';
import { flacCrc16, flacCrc8 } from './flac-crc.ts';
import { speechSamples } from './speech-samples.ts';
import { pcm16le } from './wav.ts';

type Frame = { number: number; blockSize: number; samples: number[]; bytes: number };

/** Reads back what encodeFlac writes, checking every field and checksum a decoder would. */
function readFrames(file: Buffer, t: { is: (a: unknown, b: unknown, m?: string) => void }): Frame[] {
  const frames: Frame[] = [];
  let at = 42; // marker + STREAMINFO
  for (let guard = 0; at < file.length && guard < 10_000; guard++) {
    const start = at;
    t.is(file.readUInt16BE(at), 0xfff8, 'sync code, fixed block size');
    const sizeCode = file[at + 2]! >> 4;
    t.is(file[at + 2]! & 0xf, 7, '24 kHz');
    t.is(file[at + 3], 0b0000_100_0, 'mono, 16-bit');
    at += 4;
    const lead = file[at]!;
    const extra = lead < 0x80 ? 0 : Math.clz32(~(lead << 24)) - 1;
    let number = extra === 0 ? lead : lead & (0x7f >> (extra + 1));
    for (let i = 1; i <= extra; i++) number = number * 64 + (file[at + i]! & 0x3f);
    at += 1 + extra;
    let blockSize = FLAC_BLOCK_SIZE;
    if (sizeCode === 0b0110) {
      blockSize = file[at]! + 1;
      at += 1;
    } else if (sizeCode === 0b0111) {
      blockSize = file.readUInt16BE(at) + 1;
      at += 2;
    } else {
      t.is(sizeCode, 0b1100, 'block size code');
    }
    t.is(flacCrc8(file.subarray(start, at)), file[at], 'header CRC-8');
    at += 1;
    t.is(file[at], 0b0_000001_0, 'VERBATIM subframe');
    at += 1;
    const samples: number[] = [];
    for (let i = 0; i < blockSize; i++, at += 2) samples.push(file.readInt16BE(at));
    t.is(flacCrc16(file.subarray(start, at)), file.readUInt16BE(at), 'frame CRC-16');
    at += 2;
    frames.push({ number, blockSize, samples, bytes: at - start });
  }
  return frames;
}

test('STREAMINFO describes the stream and carries the MD5 of the audio', (t) => {
  const samples = speechSamples(50_000, 24000, 1);
  const file = encodeFlac(samples, 24000);
  t.is(file.toString('latin1', 0, 4), 'fLaC');
  t.is(file[4], 0x80, 'last metadata block, STREAMINFO');
  t.is(file.readUIntBE(5, 3), 34);
  t.is(file.readUInt16BE(8), 4096);
  t.is(file.readUInt16BE(10), 4096);
  const frames = readFrames(file, t);
  t.is(file.readUIntBE(12, 3), Math.min(...frames.map((f) => f.bytes)));
  t.is(file.readUIntBE(15, 3), Math.max(...frames.map((f) => f.bytes)));
  const packed = file.readBigUInt64BE(18);
  t.is(Number(packed >> 44n), 24000);
  t.is(Number((packed >> 41n) & 7n), 0, 'one channel');
  t.is(Number((packed >> 36n) & 31n), 15, '16 bits');
  t.is(Number(packed & 0xfffffffffn), 50_000);
  t.deepEqual(file.subarray(26, 42), createHash('md5').update(pcm16le(samples)).digest());
});

test('frames are numbered, checksummed and hold the samples exactly', (t) => {
  for (const count of [50_000, 4096 * 3, 4096 * 2 + 100, 10]) {
    const samples = speechSamples(count, 24000, 2);
    const frames = readFrames(encodeFlac(samples, 24000), t);
    t.deepEqual(
      frames.map((f) => f.number),
      frames.map((_, i) => i),
    );
    t.deepEqual(
      frames.flatMap((f) => f.samples),
      [...samples],
    );
    t.true(frames.slice(0, -1).every((f) => f.blockSize === 4096));
  }
});

test('frame numbers past 127 use multi-byte UTF-8 coding', (t) => {
  const frames = readFrames(encodeFlac(new Int16Array(4096 * 130 + 1), 24000), t);
  t.is(frames.length, 131);
  t.is(frames.at(-1)!.number, 130);
});

test('utf8CodedNumber matches the UTF-8 pattern', (t) => {
  t.deepEqual(utf8CodedNumber(0), [0]);
  t.deepEqual(utf8CodedNumber(0x7f), [0x7f]);
  t.deepEqual(utf8CodedNumber(0x80), [0xc2, 0x80]);
  t.deepEqual(utf8CodedNumber(0x7ff), [0xdf, 0xbf]);
  t.deepEqual(utf8CodedNumber(0x800), [0xe0, 0xa0, 0x80]);
  t.deepEqual(utf8CodedNumber(0x10000), [0xf0, 0x90, 0x80, 0x80]);
  t.deepEqual(utf8CodedNumber(2 ** 36 - 1), [0xfe, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf]);
  t.throws(() => utf8CodedNumber(2 ** 36), { instanceOf: RangeError });
});

test('an empty stream is a bare STREAMINFO', (t) => {
  const file = encodeFlac(new Int16Array(0), 24000);
  t.is(file.length, 42);
  t.is(readFrames(file, t).length, 0);
});

test('rejects sample rates with no frame-header code', (t) => {
  t.throws(() => encodeFlac(new Int16Array(10), 12345), { instanceOf: RangeError });
});
