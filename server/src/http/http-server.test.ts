import test from 'ava';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import type { RunningSimulator } from '../server.ts';

/** What came back on a raw connection: the status, the headers (lower case), the body, all as text. */
interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  text: string;
}

/** A connection to the simulator that collects everything it receives. */
async function open(sim: RunningSimulator): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect(sim.port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  // 'close' comes after an 'error' too (a reset), and events.once would reject on the error
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await once(socket, 'connect');
  return { socket, received: () => received, closed };
}

/** Sends `request` as is and reads until the server closes the connection (or 5 s pass, a test bound). */
async function exchange(sim: RunningSimulator, request: string): Promise<RawAnswer> {
  const { socket, received, closed } = await open(sim);
  socket.write(request);
  await Promise.race([closed, sleep(5000)]);
  socket.destroy();
  return parse(received());
}

function parse(text: string): RawAnswer {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), text };
}

function errorOf(answer: RawAnswer): { code: string; message: string } {
  return (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;
}

test('requests Node refuses before the app sees them get the service’s JSON error with its ids, not a bare status line', async (t) => {
  const sim = await startTestSimulator(t);
  const unknownMethod = await exchange(sim, 'FOO /openai/models HTTP/1.1\r\nHost: x\r\n\r\n');
  t.is(unknownMethod.status, 400);
  t.is(unknownMethod.headers['content-type'], 'application/json');
  t.regex(unknownMethod.headers['apim-request-id'] ?? '', /^[0-9a-f-]{36}$/);
  t.is(unknownMethod.headers['x-ms-region'], 'East US');
  t.is(errorOf(unknownMethod).code, 'BadRequest');
  t.regex(errorOf(unknownMethod).message, /^The request is not valid HTTP\/1\.1: /);

  const bigHeader = await exchange(sim, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  t.is(bigHeader.status, 431);
  t.is(errorOf(bigHeader).code, 'RequestHeaderFieldsTooLarge');
  t.is(errorOf(bigHeader).message, "The request's headers, with its URL, are larger than the 16384 bytes accepted.");
  const longUrl = await exchange(sim, `GET /openai/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  t.is(longUrl.status, 431);

  const noHost = await exchange(sim, 'GET /openai/v1/models HTTP/1.1\r\napi-key: k\r\n\r\n');
  t.is(noHost.status, 400);
  t.is(noHost.headers['content-type'], 'application/json');
  t.is(errorOf(noHost).message, 'The request has no Host header, which HTTP/1.1 requires.');
  // HTTP/1.0 has no such rule
  t.is((await exchange(sim, 'GET /healthz HTTP/1.0\r\n\r\n')).status, 200);

  const body = JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }] });
  const expect = await exchange(
    sim,
    `POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 HTTP/1.1\r\nHost: x\r\napi-key: k\r\nContent-Type: application/json\r\nExpect: the-unexpected\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
  );
  t.is(expect.status, 417);
  t.is(errorOf(expect).code, 'ExpectationFailed');
  t.is(expect.headers['content-type'], 'application/json');

  // the server still answers
  t.is((await fetch(`${sim.url}/healthz`)).status, 200);
});

test('Expect: 100-continue still gets its 100 and then the answer', async (t) => {
  const sim = await startTestSimulator(t);
  const { socket, received, closed } = await open(sim);
  const body = JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }] });
  socket.write(
    `POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 HTTP/1.1\r\nHost: x\r\napi-key: k\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
  );
  for (let i = 0; i < 100 && !received().includes('100 Continue'); i++) await sleep(20);
  socket.write(body);
  await Promise.race([closed, sleep(5000)]);
  t.true(received().startsWith('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK'), received().slice(0, 80));
});

const SHORT_TIMEOUTS = { server: { http: { headersTimeoutMs: 300, requestTimeoutMs: 600 } } };

/** Writes one byte of `text` every 50 ms until the server closes the connection; says how many it wrote. */
async function trickle(socket: Socket, closed: Promise<void>, text: string): Promise<number> {
  let open = true;
  void closed.then(() => (open = false));
  let sent = 0;
  while (open && !socket.writableEnded && sent < text.length) {
    socket.write(text[sent]!);
    sent++;
    await sleep(50);
  }
  return sent;
}

test('a client trickling its headers is answered 408 and closed once the header timeout passes', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SHORT_TIMEOUTS });
  const { socket, received, closed } = await open(sim);
  socket.write('POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 HTTP/1.1\r\nHost: x\r\n');
  // 200 bytes at one per 50 ms would take 10 s: the server closes long before
  const sent = await trickle(socket, closed, `X-Slow: ${'a'.repeat(200)}\r\n\r\n`);
  t.true(sent < 200, `${sent} bytes were written before the server closed`);
  const answer = parse(received());
  t.is(answer.status, 408);
  t.is(errorOf(answer).code, 'RequestTimeout');
});

test('a client trickling its body is answered 408 and closed once the request timeout passes', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SHORT_TIMEOUTS });
  const { socket, received, closed } = await open(sim);
  const body = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(300) }] });
  socket.write(
    `POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 HTTP/1.1\r\nHost: x\r\napi-key: k\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  const sent = await trickle(socket, closed, body);
  t.true(sent < body.length, `${sent} of ${body.length} bytes were written before the server closed`);
  const answer = parse(received());
  t.is(answer.status, 408);
  t.is(errorOf(answer).code, 'RequestTimeout');
});

test('the request timeout covers receiving the request only: a slowly paced stream longer than it is delivered whole', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      ...SHORT_TIMEOUTS,
      deployments: { slow: { model: 'gpt-4o-2024-08-06', latency: { ttft: 100, itl: 60 } } },
    },
  });
  const stream = await azureClient(sim, { deployment: 'slow' }).chat.completions.create({
    model: 'slow',
    messages: [{ role: 'user', content: 'Hello' }],
    max_tokens: 20,
    stream: true,
  });
  const started = performance.now();
  let finish: string | null | undefined;
  for await (const chunk of stream) finish = chunk.choices[0]?.finish_reason ?? finish;
  t.is(finish, 'length');
  // the stream did outlast the request timeout, so it was not cut by luck
  t.true(performance.now() - started > 600);
});

test('past maxConnections a new connection is closed at once, and the open ones keep working', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { server: { http: { maxConnections: 3 } } } });
  const request = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const connections = await Promise.all([1, 2, 3].map(() => open(sim)));
  const answered = async (connection: Awaited<ReturnType<typeof open>>, count: number) => {
    connection.socket.write(request);
    for (let i = 0; i < 250 && connection.received().split('HTTP/1.1 200').length - 1 < count; i++) await sleep(20);
    return connection.received().split('HTTP/1.1 200').length - 1;
  };
  t.deepEqual(await Promise.all(connections.map((connection) => answered(connection, 1))), [1, 1, 1]);

  const extra = await open(sim);
  extra.socket.write(request);
  await Promise.race([extra.closed, sleep(5000)]);
  t.true(extra.socket.destroyed || extra.socket.readableEnded, 'the connection past the cap is closed');
  t.is(extra.received(), '');

  t.deepEqual(await Promise.all(connections.map((connection) => answered(connection, 2))), [2, 2, 2]);
  for (const connection of connections) connection.socket.destroy();
});

test('paced streams asked for in a pipeline on one connection come back whole, in order, each in valid chunks', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: { deployments: { paced: { model: 'gpt-4o-2024-08-06', latency: { ttft: 20, itl: 5 } } } },
  });
  const ask = (words: number) => {
    const body = JSON.stringify({ stream: true, max_tokens: words, messages: [{ role: 'user', content: 'Tell me a story.' }] });
    return `POST /openai/deployments/paced/chat/completions?api-version=2024-10-21 HTTP/1.1\r\nhost: x\r\napi-key: k\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
  };
  const { socket, received } = await open(sim);
  // both sent before the first answer starts: the second answer waits for the first, then gets the connection
  socket.write(ask(8) + ask(12));
  for (let waited = 0; waited < 5000 && (received().match(/data: \[DONE\]/g) ?? []).length < 2; waited += 20) await sleep(20);
  socket.destroy();
  // each answer: a head, then chunks (size in hex, CRLF, data, CRLF) up to the last, of size 0
  let rest = received();
  const contents: string[] = [];
  for (let answer = 0; answer < 2; answer++) {
    const headEnd = rest.indexOf('\r\n\r\n');
    t.regex(rest.slice(0, headEnd), /^HTTP\/1\.1 200 OK\r\n[\s\S]*transfer-encoding: chunked/i);
    rest = rest.slice(headEnd + 4);
    let text = '';
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      const size = Number.parseInt(rest.slice(0, lineEnd), 16);
      t.false(Number.isNaN(size), `a chunk size: ${JSON.stringify(rest.slice(0, 20))}`);
      const data = rest.slice(lineEnd + 2, lineEnd + 2 + size);
      t.is(rest.slice(lineEnd + 2 + size, lineEnd + 4 + size), '\r\n');
      rest = rest.slice(lineEnd + 4 + size);
      if (size === 0) break;
      text += data;
    }
    t.true(text.endsWith('data: [DONE]\n\n'));
    contents.push(
      text
        .split('\n\n')
        .filter((frame) => frame.startsWith('data: {'))
        .map(
          (frame) => (JSON.parse(frame.slice(6)) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content ?? '',
        )
        .join(''),
    );
  }
  t.is(rest, '');
  t.true(contents[0]!.length > 0 && contents[1]!.length > contents[0]!.length, `8 then 12 tokens: ${JSON.stringify(contents)}`);
});
