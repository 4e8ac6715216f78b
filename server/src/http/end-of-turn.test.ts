import test from 'ava';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EndOfTurn } from './end-of-turn.ts';

/** A server whose answers go through an EndOfTurn; `onAnswer` sees each response right after it was handed over. */
async function serverEndingAtTurnEnd(onAnswer: (res: ServerResponse, path: string) => void = () => {}) {
  const endOfTurn = new EndOfTurn();
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const path = req.url ?? '/';
    endOfTurn.end(res, `answer to ${path}`);
    onAnswer(res, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('every answer handed over in a turn is written after it, each with its own body', async (t) => {
  const endedLater: boolean[] = [];
  const server = await serverEndingAtTurnEnd((res) => {
    const endedAtOnce = res.writableEnded;
    setImmediate(() => endedLater.push(!endedAtOnce && res.writableEnded));
  });
  t.teardown(server.close);
  const paths = Array.from({ length: 40 }, (_, i) => `/${i}`);
  const bodies = await Promise.all(paths.map(async (path) => (await fetch(`${server.url}${path}`)).text()));
  t.deepEqual(
    bodies,
    paths.map((path) => `answer to ${path}`),
  );
  t.is(endedLater.length, 40);
  t.true(endedLater.every(Boolean), 'each answer was ended at the end of its turn, not when handed over');
});

test('a response destroyed before the end of its turn is skipped, and the others still go out', async (t) => {
  const server = await serverEndingAtTurnEnd((res, path) => {
    if (path === '/gone') res.destroy();
  });
  t.teardown(server.close);
  const [gone, kept] = await Promise.allSettled([fetch(`${server.url}/gone`), fetch(`${server.url}/kept`).then((r) => r.text())]);
  t.is(gone.status, 'rejected');
  t.deepEqual(kept, { status: 'fulfilled', value: 'answer to /kept' });
});

test('a response that cannot be ended is destroyed, and the rest of its turn is still written', async (t) => {
  const server = await serverEndingAtTurnEnd((res, path) => {
    if (path === '/broken')
      res.end = () => {
        throw new Error('cannot end');
      };
  });
  t.teardown(server.close);
  const [broken, kept] = await Promise.allSettled([fetch(`${server.url}/broken`), fetch(`${server.url}/kept`).then((r) => r.text())]);
  t.is(broken.status, 'rejected');
  t.deepEqual(kept, { status: 'fulfilled', value: 'answer to /kept' });
});
