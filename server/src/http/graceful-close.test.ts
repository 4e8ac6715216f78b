import test from 'ava';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gracefulClose } from './graceful-close.ts';

/**
 * A server whose handler answers only when the test says so, so that a request can be held in flight while
 * the server closes.
 */
async function slowServer(graceMs: number) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived = () => {};
  const inFlight = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((_request, response) => {
    arrived();
    void released.then(() => response.end('finished'));
  });
  const close = gracefulClose(server, graceMs);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, close, release, inFlight };
}

function get(port: number): Promise<{ response: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/', agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ response, body }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

test('close lets a request in flight finish, refuses new connections, then resolves', async (t) => {
  const server = await slowServer(10_000);
  const pending = get(server.port);
  await server.inFlight;

  let closed = false;
  const closing = server.close().then(() => (closed = true));
  await t.throwsAsync(get(server.port), { code: 'ECONNREFUSED' });
  t.false(closed, 'close waits for the request in flight');

  server.release();
  const { response, body } = await pending;
  t.is(response.statusCode, 200);
  t.is(body, 'finished');
  t.is(response.headers.connection, 'close');
  await closing;
  t.true(closed);
});

test('a request still in flight when the grace period ends is cut, and close resolves', async (t) => {
  const server = await slowServer(100);
  const pending = get(server.port);
  await server.inFlight;
  await server.close();
  await t.throwsAsync(pending, { code: 'ECONNRESET' });
  server.release();
});
