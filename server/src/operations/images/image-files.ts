import { LRUCache } from 'lru-cache';
import { renderPngAsync } from '../../generate/media/index.ts';

/** The sizes the service's image operations produce (`auto` is 1024x1024): the only ones the simulator draws. */
export const IMAGE_SIZES = ['256x256', '512x512', '1024x1024', '1792x1024', '1024x1792', '1536x1024', '1024x1536'] as const;

/** The seeds the images operation gives its pictures: `createRandom(...).int(0, MAX_IMAGE_SEED)`. */
export const MAX_IMAGE_SEED = 0x7fffffff;

/**
 * How many bytes of drawn PNGs are kept: some 300 of the largest (1792×1024 is about 54 KB), so a client
 * fetching the `url` of each image it was given, or asking for b64_json again, never waits for a second drawing.
 */
const CACHE_BYTES = 16 * 1024 * 1024;

// lru-cache: bounded by bytes, and a fetch for a key already being drawn waits for that drawing
const drawn = new LRUCache<string, Buffer>({
  maxSize: CACHE_BYTES,
  sizeCalculation: (png) => png.length,
  fetchMethod: (key) => {
    const [width, height, seed] = key.split(':').map(Number) as [number, number, number];
    return renderPngAsync({ width, height, seed });
  },
});

/** Whether `{w}x{h}` is one of IMAGE_SIZES. */
export function isImageSize(size: string): boolean {
  return (IMAGE_SIZES as readonly string[]).includes(size);
}

/** The PNG for an image the images operation answered with: drawn once, off the event loop, then cached. */
export async function imagePng(size: { width: number; height: number }, seed: number): Promise<Buffer> {
  const png = await drawn.fetch(`${size.width}:${size.height}:${seed}`);
  if (!png) throw new Error(`no PNG was drawn for ${size.width}x${size.height} seed ${seed}`);
  return png;
}
