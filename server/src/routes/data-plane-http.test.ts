import test from 'ava';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import type { RunningSimulator } from '../server.ts';

// HTTP behaviour of the data plane, which runs on node:http rather than through Koa: what Koa used to give
// implicitly must still hold.

const CHAT = '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21';
const scenarios = {
  deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
  scenarios: [
    { name: 'no-content', match: { lastUserMessage: 'nothing' }, respond: { raw: { status: 204, body: 'ignored' } } },
    {
      name: 'bad-header',
      match: { lastUserMessage: 'bad header' },
      respond: { raw: { status: 200, headers: { 'x-note': 'caf€' }, body: 'x' } },
    },
  ],
};
const body = (content: string) => JSON.stringify({ messages: [{ role: 'user', content }] });
const post = (sim: RunningSimulator, payload: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}${CHAT}`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json', ...headers },
    body: payload,
  });

/** Sends `request` as raw bytes on a new connection and returns everything the server sends until it closes. */
function rawExchange(sim: RunningSimulator, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(sim.port, '127.0.0.1', () => socket.write(request));
    let received = '';
    socket.setEncoding('utf8').on('data', (text: string) => (received += text));
    socket.on('end', () => resolve(received)).on('error', reject);
  });
}

test('a gzip, deflate or brotli body is read, a byte-order mark is dropped, another encoding is a 415', async (t) => {
  const sim = await startTestSimulator(t, { scenarios });
  const gzipped = await post(sim, new Uint8Array(gzipSync(body('hello'))), { 'content-encoding': 'gzip' });
  t.is(gzipped.status, 200);
  t.is(((await gzipped.json()) as { object: string }).object, 'chat.completion');
  t.is((await post(sim, `\uFEFF${body('hello')}`)).status, 200);
  const zstd = await post(sim, body('hello'), { 'content-encoding': 'zstd' });
  t.is(zstd.status, 415);
  t.is(((await zstd.json()) as { error: { code: string } }).error.code, 'unsupported_content_encoding');
});

test('a compressed body that expands past the limit is a 413, a broken one a 400, and the simulator goes on serving', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { ...scenarios, server: { maxBodyBytes: 1024 * 1024 } } });
  const expands = Buffer.alloc(8 * 1024 * 1024, ' ');
  const bombs = await Promise.all(
    (
      [
        ['gzip', gzipSync(expands)],
        ['deflate', deflateSync(expands)],
        ['br', brotliCompressSync(expands)],
      ] as const
    ).map(([encoding, bytes]) => post(sim, new Uint8Array(bytes), { 'content-encoding': encoding })),
  );
  for (const bomb of bombs) {
    t.is(bomb.status, 413);
    t.is(((await bomb.json()) as { error: { code: string } }).error.code, 'RequestEntityTooLarge');
  }
  const broken = await post(sim, new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00]), {
    'content-encoding': 'gzip',
  });
  t.is(broken.status, 400);
  t.regex(((await broken.json()) as { error: { message: string } }).error.message, /could not be decoded as gzip/);
  t.is((await post(sim, new Uint8Array(gzipSync(body('hello'))), { 'content-encoding': 'gzip' })).status, 200);
});

test('a raw 204 has no body; a raw header Node cannot send is a 500 that says so, not a reset', async (t) => {
  const sim = await startTestSimulator(t, { scenarios });
  const empty = await post(sim, body('nothing'));
  t.is(empty.status, 204);
  t.is(empty.headers.get('content-length'), null);
  t.is(await empty.text(), '');
  const bad = await post(sim, body('bad header'));
  t.is(bad.status, 500);
  const error = ((await bad.json()) as { error: { code: string; message: string } }).error;
  t.is(error.code, 'invalid_answer_header');
  t.regex(error.message, /"x-note" cannot be sent/);
  t.is((await post(sim, body('hello'))).status, 200, 'and the simulator goes on serving');
});

test('OPTIONS answers Allow: POST; a request sent with its whole URL is served like any other', async (t) => {
  const sim = await startTestSimulator(t, { scenarios });
  const options = await fetch(`${sim.url}${CHAT}`, { method: 'OPTIONS', headers: { 'api-key': 'k' } });
  t.is(options.status, 200);
  t.is(options.headers.get('allow'), 'POST');
  const payload = body('hello');
  const answer = await rawExchange(
    sim,
    `POST ${sim.url}${CHAT} HTTP/1.1\r\nhost: x\r\napi-key: k\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`,
  );
  t.regex(answer, /^HTTP\/1\.1 200 /);
  t.regex(answer, /"object":"chat\.completion"/);
});

test('a stream to an HTTP/1.0 client is plain event text, without chunk framing', async (t) => {
  const sim = await startTestSimulator(t, { scenarios });
  const payload = JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'hello' }] });
  const answer = await rawExchange(
    sim,
    `POST ${CHAT} HTTP/1.0\r\nhost: x\r\napi-key: k\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
  );
  const [head = '', events = ''] = answer.split('\r\n\r\n');
  t.notRegex(head, /transfer-encoding/i);
  t.true(events.startsWith('data: {'));
  t.true(events.endsWith('data: [DONE]\n\n'));
  // and through the SDK on HTTP/1.1, chunked as before
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const { response } = await client.chat.completions
    .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }], stream: true })
    .withResponse();
  t.is(response.headers.get('transfer-encoding'), 'chunked');
});

test('an upload is read as it streams in: past maxBodyBytes it is a 413, within it the form is parsed', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: { server: { maxBodyBytes: 100_000 }, deployments: { whisper: { model: 'whisper-001' } } },
  });
  const upload = (bytes: number) => {
    const form = new FormData();
    form.set('model', 'whisper');
    form.set('file', new Blob([new Uint8Array(bytes)], { type: 'audio/wav' }), 'a.wav');
    // sent as a stream, without a content-length, so the limit is found while reading
    // one Response for both: each encoding of a form has a boundary of its own
    const encoded = new Response(form);
    return { stream: encoded.body!, type: encoded.headers.get('content-type')! };
  };
  const send = async (bytes: number) => {
    const { stream, type } = upload(bytes);
    return fetch(`${sim.url}/openai/deployments/whisper/audio/transcriptions?api-version=2024-10-21`, {
      method: 'POST',
      headers: { 'api-key': 'k', 'content-type': type },
      body: stream,
      duplex: 'half',
    } as RequestInit);
  };
  const tooBig = await send(300_000);
  t.is(tooBig.status, 413);
  const small = await send(1_000);
  t.is(small.status, 200);
  t.true(typeof ((await small.json()) as { text?: unknown }).text === 'string');
});

test('paced streams are well-framed chunks, non-ASCII text included, and keep the connection for the next request', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: { paced: { model: 'gpt-4o-2024-08-06', latency: { ttft: 5, itl: 1 } } },
      scenarios: [{ name: 'accents', match: { lastUserMessage: 'accents' }, respond: { content: 'Café, naïve — 日本語 ✓ and 😀 too.' } }],
    },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  const stream = (content: string) =>
    new Promise<{ text: string; reused: boolean }>((resolve, reject) => {
      const req = request(
        `${sim.url}/openai/deployments/paced/chat/completions?api-version=2024-10-21`,
        { method: 'POST', agent, headers: { 'api-key': 'k', 'content-type': 'application/json' } },
        (res) => {
          t.is(res.headers['transfer-encoding'], 'chunked');
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          // Node's parser rejects a chunk whose size is not its byte length
          res.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), reused: req.reusedSocket }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ stream: true, max_tokens: 30, messages: [{ role: 'user', content }] }));
    });
  const contentOf = (text: string) =>
    text
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map((frame) => (JSON.parse(frame.slice(6)) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content ?? '')
      .join('');
  const first = await stream('accents');
  t.is(contentOf(first.text), 'Café, naïve — 日本語 ✓ and 😀 too.');
  t.true(first.text.endsWith('data: [DONE]\n\n'));
  const second = await stream('hello');
  t.true(second.reused, 'the second stream went over the first one’s connection');
  t.true(second.text.endsWith('data: [DONE]\n\n'));
  t.true(contentOf(second.text).length > 0);
});
