import test from 'ava';
import Koa from 'koa';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { paceEvents } from './pacer.ts';
import { sharedScheduler } from './scheduler.ts';

/** A source of SSE events that says how far it was read and whether it was closed. */
function events(count: number) {
  const state = { pulled: 0, closed: false };
  function* items() {
    try {
      for (let i = 0; i < count; i++) {
        state.pulled++;
        yield { data: String(i) };
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, items: items() };
}

const frame = (event: { data: string }) => `data: ${event.data}\n\n`;

async function until(condition: () => boolean, ms = 2_000): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!condition() && performance.now() < deadline) await delay(10);
  return condition();
}

test('a client that disconnects mid-stream stops the pacer through Koa and Readable.from', async (t) => {
  const scheduler = sharedScheduler();
  const { state, items } = events(200);
  const app = new Koa();
  app.silent = true; // Koa reports the client's early close as ERR_STREAM_PREMATURE_CLOSE
  app.use((ctx) => {
    ctx.set('Content-Type', 'text/event-stream');
    ctx.body = Readable.from(paceEvents(items, (index) => 50 * index, { scheduler, map: frame }));
  });
  const server = app.listen(0, '127.0.0.1');
  t.teardown(() => server.close());
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  const first = await new Promise<string>((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/', agent: false }, (response) => {
      response.once('data', (chunk: Buffer) => {
        req.destroy();
        resolve(chunk.toString());
      });
    });
    req.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
    req.end();
  });
  t.is(first, 'data: 0\n\n');
  t.true(await until(() => state.closed), 'the source is closed');
  t.is(scheduler.pending, 0, 'no wait is left behind');
  t.true(state.pulled < 200, `the source stopped being read (${state.pulled} of 200)`);
});

test('Readable.from reads the pacer only as it is read', async (t) => {
  const scheduler = sharedScheduler();
  const { state, items } = events(50);
  const readable = Readable.from(paceEvents(items, () => 0, { scheduler, map: frame }));
  await delay(20);
  t.true(state.pulled <= 1, `nothing read ahead of the consumer (${state.pulled})`);
  const received: string[] = [];
  for await (const chunk of readable) received.push(chunk as string);
  t.is(received.length, 50);
  t.is(received[49], 'data: 49\n\n');
});
