import Router from '@koa/router';
import { imagePng, isImageSize, MAX_IMAGE_SEED } from './image-files.ts';

/** Where a generated image is served: everything needed to draw it again is in the path, so nothing is stored. */
export function imageUrlPath(size: { width: number; height: number }, seed: number): string {
  return `/__sim/images/${size.width}x${size.height}/${seed}.png`;
}

/**
 * `GET /__sim/images/{w}x{h}/{seed}.png`: the image a `url` response points at. Like a blob SAS URL, it needs no
 * key, so it draws only what the images operation can have handed out: the service's sizes and seeds. Anything
 * else falls through to the 404.
 */
export function imageFilesRouter(): Router {
  const router = new Router();
  router.get('/__sim/images/:size/:file', async (ctx) => {
    const size = ctx.params.size ?? '';
    const file = /^(\d{1,10})\.png$/.exec(ctx.params.file ?? '');
    const seed = Number(file?.[1]);
    if (!file || !isImageSize(size) || seed > MAX_IMAGE_SEED) return;
    const [width, height] = size.split('x').map(Number) as [number, number];
    ctx.set('Content-Type', 'image/png');
    ctx.set('Cache-Control', 'public, max-age=86400, immutable');
    ctx.body = await imagePng({ width, height }, seed);
  });
  return router;
}
