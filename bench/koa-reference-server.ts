/**
 * A reference for `npm run bench`: what Koa itself costs. Koa with @koa/router and koa-body answering the
 * simulator's captured chat answer (as bench/baseline-server.ts does), with no other work. The data plane does
 * not run through Koa because this alone is well below the 0.6× of the baseline that issue #9 asks of the
 * whole simulator.
 *
 *   node bench/koa-reference-server.ts PORT SAMPLES.json
 */
import { readFileSync } from 'node:fs';
import Router from '@koa/router';
import Koa from 'koa';
import { koaBody } from 'koa-body';
import type { Samples } from './baseline-server.ts';

const samples = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as Samples;
const app = new Koa();
const router = new Router();
router.post('/chat', koaBody(), (ctx) => {
  const answer = samples.chat;
  ctx.status = answer.status;
  ctx.set(answer.headers);
  ctx.body = answer.body;
});
app.use(router.routes());
const server = app.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () =>
  console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`),
);
