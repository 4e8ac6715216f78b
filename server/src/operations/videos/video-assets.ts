import { renderMp4Clip } from '../../generate/media/mp4-clip.ts';
import { renderSpritesheet, renderThumbnail } from '../../generate/media/video-previews.ts';
import { videoErrors } from './video-errors.ts';
import type { VideoSeconds, VideoSize } from './video-job.ts';

/** What a download may ask for, and the media type each is served as. */
export const VIDEO_VARIANTS = { video: 'video/mp4', thumbnail: 'image/webp', spritesheet: 'image/jpeg' } as const;
export type VideoVariant = keyof typeof VIDEO_VARIANTS;

/** The `variant` of a download's query, `video` when absent, or the service's 400. */
export function videoVariant(value: string | string[] | undefined): VideoVariant {
  const variant = Array.isArray(value) ? value.at(-1) : value;
  if (variant === undefined || variant === '') return 'video';
  if (!Object.hasOwn(VIDEO_VARIANTS, variant)) throw videoErrors.invalidValue('variant', variant, Object.keys(VIDEO_VARIANTS));
  return variant as VideoVariant;
}

// every job of a size and length gets the same bytes: made once, a few kilobytes each, at most 36 of them
const made = new Map<string, Buffer>();

/** The bytes of a video's `variant`, for a clip of `size` and `seconds`. */
export function videoAsset(variant: VideoVariant, size: VideoSize, seconds: VideoSeconds): Buffer {
  const key = `${variant} ${size} ${seconds}`;
  let bytes = made.get(key);
  if (bytes === undefined) {
    const [width, height] = size.split('x').map(Number) as [number, number];
    const length = Number(seconds);
    bytes =
      variant === 'video'
        ? renderMp4Clip(width, height, length)
        : variant === 'thumbnail'
          ? renderThumbnail(width, height)
          : renderSpritesheet(width, height, length);
    made.set(key, bytes);
  }
  return bytes;
}
