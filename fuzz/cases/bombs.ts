// Compressed bodies that expand to hundreds of MiB: made once per run, off the event loop, kept small.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliCompress, createDeflate, createGzip, constants } from 'node:zlib';

export type BombEncoding = 'gzip' | 'deflate' | 'br';

/** What each bomb expands to. */
export const BOMB_EXPANDED_BYTES = 256 * 1024 * 1024;

const bombs = new Map<BombEncoding, Buffer>();

/** Compresses 256 MiB of zeros three ways, in libuv's thread pool; a run does this once, before its first case. */
export async function prepareBombs(): Promise<void> {
  await Promise.all(
    (['gzip', 'deflate', 'br'] as const).map(async (encoding) => {
      if (bombs.has(encoding)) return;
      const chunk = Buffer.alloc(1024 * 1024);
      const zeros = Readable.from(
        (function* () {
          for (let i = 0; i < BOMB_EXPANDED_BYTES / chunk.length; i++) yield chunk;
        })(),
      );
      const out: Buffer[] = [];
      const compressor =
        encoding === 'gzip'
          ? createGzip({ level: 9 })
          : encoding === 'deflate'
            ? createDeflate({ level: 9 })
            : createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
      compressor.on('data', (part: Buffer) => out.push(part));
      await pipeline(zeros, compressor);
      bombs.set(encoding, Buffer.concat(out));
    }),
  );
}

/** A prepared bomb (prepareBombs must have run). */
export function bomb(encoding: BombEncoding): Buffer {
  const found = bombs.get(encoding);
  if (!found) throw new Error('prepareBombs() has not run');
  return found;
}
