import { ArrayBufferTarget, Muxer } from 'mp4-muxer';
import { h264Still, lengthPrefixed } from './h264-still.ts';

/** The clip's frame rate: whole microseconds a frame, so the timestamps add up exactly. */
export const CLIP_FRAME_RATE = 25;
const FRAME_US = 1_000_000 / CLIP_FRAME_RATE;

/** The longest clip rendered, in seconds: past Sora's 12, with room for a longer kind of job, and bounded. */
export const MAX_CLIP_SECONDS = 60;

/**
 * An MP4 (ISO BMFF, `moov` first) with one H.264 video track: a still grey picture of `width`×`height` for
 * `seconds` seconds at 25 frames a second. A few kilobytes whatever the size, and it opens in any player or
 * demuxer. mp4-muxer writes the boxes; the frames are h264Still's.
 */
export function renderMp4Clip(width: number, height: number, seconds: number): Buffer {
  if (!(seconds > 0 && seconds <= MAX_CLIP_SECONDS)) throw new RangeError(`no clip of ${seconds} s`);
  const still = h264Still(width, height);
  const muxer = new Muxer({
    target: new ArrayBufferTarget(),
    video: { codec: 'avc', width, height, frameRate: CLIP_FRAME_RATE },
    fastStart: 'in-memory',
  });
  const frames = Math.round(seconds * CLIP_FRAME_RATE);
  const decoderConfig = { codec: still.codec, codedWidth: width, codedHeight: height, description: still.decoderConfig };
  muxer.addVideoChunkRaw(lengthPrefixed(still.idr, 4), 'key', 0, FRAME_US, { decoderConfig });
  for (let frame = 1; frame < frames; frame++)
    muxer.addVideoChunkRaw(lengthPrefixed(still.repeat(frame), 4), 'delta', frame * FRAME_US, FRAME_US);
  muxer.finalize();
  return Buffer.from(muxer.target.buffer);
}
