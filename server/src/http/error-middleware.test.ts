import test from 'ava';
import Koa from 'koa';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../logger.ts';
import { AoaiError } from './aoai-error.ts';
import { errorMiddleware } from './error-middleware.ts';
import { requestIdMiddleware } from './request-id.ts';

async function serve(t: import('ava').ExecutionContext, handler: Koa.Middleware): Promise<string> {
  const app = new Koa();
  app.silent = true;
  app.use(requestIdMiddleware('East US'));
  app.use(errorMiddleware(createLogger({ level: 'silent', format: 'json' })));
  app.use(handler);
  const server = createServer(app.callback()).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('an unexpected exception becomes the service’s 500 naming the request id, with no stack trace', async (t) => {
  const url = await serve(t, () => {
    throw new TypeError('cannot read properties of undefined (secret internals)');
  });
  const response = await fetch(url);
  const requestId = response.headers.get('apim-request-id');
  t.is(response.status, 500);
  const body = await response.text();
  t.deepEqual(JSON.parse(body), {
    error: {
      message: `The server had an error while processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if the error persists. (Please include the request ID ${requestId} in your message.)`,
      type: 'server_error',
      param: null,
      code: null,
    },
  });
  t.notRegex(body, /secret internals|TypeError|at /);
});

test('an AoaiError renders its own status, headers and exact body', async (t) => {
  const url = await serve(t, () => {
    throw new AoaiError(429, '{"error":{"code":"429","message":"slow down"}}', { 'retry-after': '3' });
  });
  const response = await fetch(url);
  t.is(response.status, 429);
  t.is(response.headers.get('retry-after'), '3');
  t.is(await response.text(), '{"error":{"code":"429","message":"slow down"}}');
});

test('the server keeps serving after an exception', async (t) => {
  let calls = 0;
  const url = await serve(t, (ctx) => {
    calls++;
    if (calls === 1) throw new Error('first call fails');
    ctx.body = { ok: true };
  });
  t.is((await fetch(url)).status, 500);
  t.is((await fetch(url)).status, 200);
});
