import jpeg from 'jpeg-js';
import { renderSolidWebp } from './webp.ts';

/** The grey a still clip shows (h264Still's picture, 128 in each channel). */
const STILL_GREY: [number, number, number] = [128, 128, 128];

/** What a preview tile is scaled down by from the video's size. */
const TILE_SCALE = 8;

/** A video's thumbnail: its first frame, as a WebP of the video's size. */
export function renderThumbnail(width: number, height: number): Buffer {
  return renderSolidWebp(width, height, STILL_GREY);
}

/**
 * A video's spritesheet: a JPEG of one frame a second, each an eighth of the video's size, side by side.
 * jpeg-js encodes it, in plain JavaScript.
 */
export function renderSpritesheet(width: number, height: number, seconds: number): Buffer {
  const tileWidth = Math.max(1, Math.round(width / TILE_SCALE));
  const tileHeight = Math.max(1, Math.round(height / TILE_SCALE));
  const sheetWidth = tileWidth * Math.max(1, Math.round(seconds));
  const data = Buffer.alloc(sheetWidth * tileHeight * 4, 0xff);
  for (let pixel = 0; pixel < data.length; pixel += 4) data.fill(STILL_GREY[0], pixel, pixel + 3);
  return Buffer.from(jpeg.encode({ data, width: sheetWidth, height: tileHeight }, 80).data);
}
