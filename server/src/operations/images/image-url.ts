import Router from '@koa/router';
import { MAX_IMAGE_SIDE, renderPng } from '../../generate/media/index.ts';

/** Where a generated image is served: everything needed to draw it again is in the path, so nothing is stored. */
export function imageUrlPath(size: { width: number; height: number }, seed: number): string {
  return `/__sim/images/${size.width}x${size.height}/${seed}.png`;
}

/** `GET /__sim/images/{w}x{h}/{seed}.png`: the image a `url` response points at. Like a blob SAS URL, it needs no key. */
export function imageFilesRouter(): Router {
  const router = new Router();
  router.get('/__sim/images/:size/:file', (ctx) => {
    const size = /^(\d{1,4})x(\d{1,4})$/.exec(ctx.params.size ?? '');
    const file = /^(\d{1,10})\.png$/.exec(ctx.params.file ?? '');
    const width = Number(size?.[1]);
    const height = Number(size?.[2]);
    if (!size || !file || width < 1 || height < 1 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) return; // falls through to the 404
    ctx.set('Content-Type', 'image/png');
    ctx.set('Cache-Control', 'public, max-age=86400, immutable');
    ctx.body = renderPng({ width, height, seed: Number(file[1]) });
  });
  return router;
}
