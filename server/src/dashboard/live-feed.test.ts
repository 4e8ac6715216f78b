import test from 'ava';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { LiveFeed, MAX_CLIENT_BUFFER_BYTES } from './live-feed.ts';

/** A feed on its own server, with a source that counts the snapshots it is asked for. */
async function feedServer(t: import('ava').ExecutionContext, snapshot: () => unknown, intervalMs = 5) {
  const responses: ServerResponse[] = [];
  let made = 0;
  let asked = 0;
  const feed = new LiveFeed(() => {
    made++;
    return { next: async () => (asked++, snapshot()) };
  }, intervalMs);
  const server: Server = createServer((_request, response) => {
    responses.push(response);
    feed.connect(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    feed.close();
    server.closeAllConnections();
    server.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { feed, url, responses, counts: () => ({ made, asked }) };
}

/** Waits (bounded in turns, not time) until `ready` holds. */
async function eventually(ready: () => boolean, turns = 2000): Promise<boolean> {
  for (let i = 0; i < turns && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  return ready();
}

test('no timer and no snapshot while no page is connected; the last page to leave stops the feed', async (t) => {
  const { feed, url, counts } = await feedServer(t, () => ({ ok: true }));
  t.false(feed.running);
  t.deepEqual(counts(), { made: 0, asked: 0 });

  const aborter = new AbortController();
  const response = await fetch(url, { signal: aborter.signal });
  const reader = response.body!.getReader();
  await reader.read();
  t.true(feed.running);
  t.is(feed.clients, 1);
  aborter.abort();
  t.true(await eventually(() => feed.clients === 0));
  t.false(feed.running);
  const after = counts().asked;
  // the source made for that page is gone with it: a new page gets a new one
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.is(counts().asked, after, 'nothing is made once the page left');
  t.is(counts().made, 1);
});

test('a page that does not read is let go, its buffer bounded', async (t) => {
  const frame = 'x'.repeat(256 * 1024);
  let largest = 0;
  const { feed, url, responses } = await feedServer(t, () => {
    // read as each snapshot is made: what the page's socket holds, unsent, at that moment
    for (const response of responses) largest = Math.max(largest, response.writableLength);
    return frame;
  });
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  socket.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
  // it never reads: the kernel's buffers fill, then the response's
  socket.pause();
  t.teardown(() => socket.destroy());
  t.true(await eventually(() => feed.clients === 1));
  t.true(await eventually(() => feed.clients === 0, 20_000), 'the page was let go');
  t.false(feed.running);
  t.true(largest > MAX_CLIENT_BUFFER_BYTES, 'the page fell behind');
  // one frame past the bound at most: then snapshots are skipped, and the page let go
  t.true(largest <= MAX_CLIENT_BUFFER_BYTES + frame.length + 64, `held ${largest} bytes`);
});

test('each snapshot is told what the previous one cost to make and serialize, so a page can show the feed’s own price', async (t) => {
  const told: Array<number | null> = [];
  const feed = new LiveFeed(
    () => ({
      next: async (previousCostMs) => {
        told.push(previousCostMs);
        return { told: told.length };
      },
    }),
    5,
  );
  const server: Server = createServer((_request, response) => feed.connect(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    feed.close();
    server.closeAllConnections();
    server.close();
  });
  const aborter = new AbortController();
  t.teardown(() => aborter.abort());
  await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { signal: aborter.signal });
  t.true(await eventually(() => told.length >= 3));
  t.is(told[0], null, 'the first snapshot has no previous one');
  for (const cost of told.slice(1)) t.true(typeof cost === 'number' && cost >= 0, `told ${cost}`);
});
