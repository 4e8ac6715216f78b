import test from 'ava';
import { imageSize } from 'image-size';
import jpeg from 'jpeg-js';
import { renderSpritesheet, renderThumbnail } from './video-previews.ts';

test("a thumbnail is a lossless WebP of the video's size that image-size reads", (t) => {
  const webp = renderThumbnail(720, 1280);
  t.is(webp.subarray(0, 4).toString('ascii'), 'RIFF');
  t.is(webp.subarray(8, 16).toString('ascii'), 'WEBPVP8L');
  t.is(webp.readUInt32LE(4), webp.length - 8, 'the RIFF size covers the file');
  t.deepEqual(imageSize(webp), { width: 720, height: 1280, type: 'webp' });
  t.like(imageSize(renderThumbnail(1792, 1024)), { width: 1792, height: 1024 });
});

test('a spritesheet is a JPEG of one grey frame a second, each an eighth of the size, that decodes', (t) => {
  const sheet = renderSpritesheet(1280, 720, 8);
  t.like(imageSize(sheet), { width: 160 * 8, height: 90, type: 'jpg' });
  const decoded = jpeg.decode(sheet, { useTArray: true });
  t.is(decoded.width, 1280);
  const [red, green, blue] = decoded.data;
  t.true(Math.abs(red! - 128) <= 2 && Math.abs(green! - 128) <= 2 && Math.abs(blue! - 128) <= 2, `grey, not ${red},${green},${blue}`);
});
