import test from 'ava';
import { AAC_SAMPLES_PER_FRAME, encodeSilentAac } from './aac.ts';

/** The well-known silent mono AAC-LC raw data block, the one this encoder extends with a fill element. */
const SILENT_SCE_PREFIX = [0x00, 0xc8, 0x00, 0x80];

test('every ADTS frame is AAC-LC, 24 kHz, mono, with its own length in the header', (t) => {
  const aac = encodeSilentAac(48_000);
  let frames = 0;
  for (let at = 0; at < aac.length && frames < 1000; frames++) {
    t.is(aac.readUInt16BE(at) & 0xfff6, 0xfff0, 'sync, layer 0');
    t.is(aac[at + 1]! & 1, 1, 'no CRC');
    t.is(aac[at + 2]! >> 6, 1, 'AAC LC');
    t.is((aac[at + 2]! >> 2) & 15, 6, '24 kHz');
    t.is(((aac[at + 2]! & 1) << 2) | (aac[at + 3]! >> 6), 1, 'mono');
    const length = ((aac[at + 3]! & 3) << 11) | (aac[at + 4]! << 3) | (aac[at + 5]! >> 5);
    t.is((aac.readUInt16BE(at + 5) >> 2) & 0x7ff, 0x7ff, 'variable bitrate');
    t.is(aac[at + 6]! & 3, 0, 'one raw data block');
    t.deepEqual([...aac.subarray(at + 7, at + 11)], SILENT_SCE_PREFIX);
    t.is(aac[at + length - 1]! & 0x07, 0x07, 'ends with ID_END');
    at += length;
  }
  t.is(frames, Math.ceil(48_000 / AAC_SAMPLES_PER_FRAME));
});

test('rounds up to whole 1024-sample frames, never fewer than one', (t) => {
  const frameBytes = encodeSilentAac(1).length;
  t.is(encodeSilentAac(0).length, frameBytes);
  t.is(encodeSilentAac(AAC_SAMPLES_PER_FRAME).length, frameBytes);
  t.is(encodeSilentAac(AAC_SAMPLES_PER_FRAME + 1).length, 2 * frameBytes);
});
