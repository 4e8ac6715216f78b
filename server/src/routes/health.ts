import Router from '@koa/router';

/** `GET /healthz`: the process is up and serving. Needs no credential. */
export function healthRouter(): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  return router;
}
