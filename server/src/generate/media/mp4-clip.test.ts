import test from 'ava';
import { parseMp4, videoTrackOf } from '../../test-support/parse-mp4.ts';
import { CLIP_FRAME_RATE, renderMp4Clip } from './mp4-clip.ts';

for (const [width, height, seconds] of [
  [720, 1280, 4],
  [1280, 720, 8],
  [1024, 1792, 12],
  [1792, 1024, 4],
] as const) {
  test(`a ${width}x${height} clip of ${seconds} s opens in MP4Box as one H.264 track of that size and length`, (t) => {
    const clip = renderMp4Clip(width, height, seconds);
    const movie = parseMp4(clip);
    t.deepEqual(videoTrackOf(movie), { codec: 'avc1.42c028', width, height, seconds, frames: seconds * CLIP_FRAME_RATE });
    t.is(movie.duration / movie.timescale, seconds);
    t.true(movie.isProgressive, 'moov before mdat: playable while it downloads');
    t.true(clip.length < 16 * 1024, `a few kilobytes, not ${clip.length} bytes`);
  });
}

test('a size that is not whole macroblocks is cropped to the size asked for', (t) => {
  t.like(videoTrackOf(parseMp4(renderMp4Clip(100, 60, 1))), { width: 100, height: 60, seconds: 1 });
});

test('a clip of no length, or past the bound, is refused', (t) => {
  t.throws(() => renderMp4Clip(720, 1280, 0), { instanceOf: RangeError });
  t.throws(() => renderMp4Clip(720, 1280, 3600), { instanceOf: RangeError });
  t.throws(() => renderMp4Clip(721, 1280, 4), { instanceOf: RangeError });
});
