import test from 'ava';
import { encodeSilentMp3, MP3_SAMPLES_PER_FRAME } from './mp3.ts';

test('frames are 96-byte MPEG-2 Layer III, 32 kbit/s, 24 kHz, mono', (t) => {
  const mp3 = encodeSilentMp3(24_000);
  t.is(mp3.length % 96, 0);
  for (let at = 0; at < mp3.length; at += 96) {
    const header = mp3.readUInt32BE(at);
    t.is(header >>> 21, 0x7ff, 'sync');
    t.is((header >>> 19) & 3, 0b10, 'MPEG-2');
    t.is((header >>> 17) & 3, 0b01, 'Layer III');
    t.is((header >>> 12) & 15, 4, '32 kbit/s');
    t.is((header >>> 10) & 3, 1, '24 kHz');
    t.is((header >>> 9) & 1, 0, 'no padding');
    t.is((header >>> 6) & 3, 3, 'mono');
    t.true(
      mp3.subarray(at + 4, at + 13).every((byte) => byte === 0),
      'side information codes no data',
    );
  }
});

test('rounds up to whole 24 ms frames, never fewer than one', (t) => {
  t.is(encodeSilentMp3(0).length / 96, 1);
  t.is(encodeSilentMp3(MP3_SAMPLES_PER_FRAME).length / 96, 1);
  t.is(encodeSilentMp3(MP3_SAMPLES_PER_FRAME + 1).length / 96, 2);
  t.is(encodeSilentMp3(240_000).length / 96, Math.ceil(240_000 / 576));
});
