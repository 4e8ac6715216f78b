// The load generator's side of bench/realism-streams.ts: one paced chat stream, timed chunk by chunk. Two
// clients: node:http (what an app would use) and raw sockets that look only for what the bench needs, since the
// generator shares one core with 10,000 streams and must not be the limit it measures.
import { request, type Agent } from 'node:http';
import { connect } from 'node:net';

/** One case of the bench: how many streams, and their shape. */
export interface StreamCase {
  count: number;
  chunks: number;
  itlMs: number;
  ttftMs: number;
  rampMs: number;
}

/** What the streams of a case saw: gap errors with their arrival time, TTFT errors, failures, streams open. */
export interface StreamTally {
  gaps: Array<[number, number]>;
  ttfts: number[];
  /**
   * Time from sending to the answer's head (status, headers and the role chunk, which go out as soon as the
   * simulator has the request): the connection's accept and the request's handling, before any pacing.
   */
  heads: number[];
  /**
   * Time from sending to the client's handling of the connection's `connect`: the kernel completes the handshake
   * at once while the accept queue has room (a full one drops it: see the overflows), so what this measures is
   * the load generator's own backlog before it could write the request.
   */
  connects: number[];
  failures: string[];
  open: number;
  peakOpen: number;
}

const PATH = '/openai/deployments/paced/chat/completions?api-version=2024-10-21';

/** The body every bench stream sends: a streamed chat answer of `tokens` tokens. */
export function streamBody(tokens: number): string {
  return JSON.stringify({ stream: true, max_tokens: tokens, messages: [{ role: 'user', content: 'Tell me a long story.' }] });
}

/** The whole request for a stream of `tokens` tokens from the `paced` deployment, written by hand, `connection: close`. */
export function rawStreamRequest(port: number, tokens: number): string {
  const payload = streamBody(tokens);
  return `POST ${PATH} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\napi-key: bench\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`;
}

/** A content chunk's delta; the role chunk's is `"content":"",` (with a refusal), which is not a token. */
export const CONTENT_DELTA = '"delta":{"content":"';
const CONTENT = Buffer.from(CONTENT_DELTA);
const QUOTE = 0x22;

/** Where the next content delta that carries a token starts in `buffer`, from `from`; -1 when there is none. */
export function nextToken(buffer: Buffer, from = 0): number {
  for (let at = buffer.indexOf(CONTENT, from); at !== -1; at = buffer.indexOf(CONTENT, at + CONTENT.length)) {
    if (buffer[at + CONTENT.length] !== QUOTE) return at;
  }
  return -1;
}

/**
 * Opens streams `shard`, `shard + shards`, … of a case, each at its place in the ramp that starts at `startAt`
 * (ms since the epoch, as `performance.timeOrigin + performance.now()` counts them), and resolves when all have
 * ended. The sources spread over 127.0.0.1–4: past ~28,000 connections, one address runs out of ephemeral ports.
 */
export async function rampStreams(
  port: number,
  spec: StreamCase,
  client: 'raw' | 'http',
  tally: StreamTally,
  startAt: number,
  shard = 0,
  shards = 1,
): Promise<void> {
  const streams: Promise<void>[] = [];
  const one = client === 'raw' ? rawStream : httpStream;
  for (let i = shard; i < spec.count; i += shards) {
    const wait = startAt + (i * spec.rampMs) / spec.count - (performance.timeOrigin + performance.now());
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    streams.push(one(port, `127.0.0.${1 + (i % 4)}`, spec, tally));
  }
  await Promise.all(streams);
}

/**
 * A stream over a raw socket: the request written by hand (`connection: close`, so the end of the answer is the
 * end of the socket), and each arriving buffer searched for content deltas with Buffer.indexOf, natively,
 * without an HTTP parser, a string decode or a frame split. Node writes each paced frame as one HTTP chunk, which
 * ends in CRLF: a buffer that does not is a frame cut by TCP, kept and joined to the next.
 */
export function rawStream(port: number, localAddress: string, spec: StreamCase, tally: StreamTally): Promise<void> {
  const request = rawStreamRequest(port, spec.chunks);
  return new Promise((resolve) => {
    const sentAt = performance.now();
    let previous = -1;
    let index = 0;
    let status = '';
    let held: Buffer | undefined;
    let failed = false;
    const fail = (message: string) => {
      if (failed) return;
      failed = true;
      tally.failures.push(message);
    };
    const socket = connect({ port, host: '127.0.0.1', localAddress, noDelay: true });
    socket.once('connect', () => tally.connects.push(performance.now() - sentAt));
    open(tally);
    socket.on('data', (data: Buffer) => {
      const now = performance.now();
      if (status === '') {
        status = data.toString('latin1', 9, 12);
        tally.heads.push(now - sentAt);
      }
      const buffer = held === undefined ? data : Buffer.concat([held, data]);
      held = undefined;
      const length = buffer.length;
      if (length < 2 || buffer[length - 2] !== 0x0d || buffer[length - 1] !== 0x0a) {
        held = buffer;
        return;
      }
      for (let at = nextToken(buffer); at !== -1; at = nextToken(buffer, at + CONTENT.length)) {
        if (previous < 0) tally.ttfts.push(now - sentAt - spec.ttftMs);
        else tally.gaps.push([now, now - previous - spec.itlMs]);
        previous = now;
        index++;
      }
    });
    socket.on('error', (error) => fail(error.message));
    socket.on('close', () => {
      close(tally);
      if (status !== '200') fail(`status ${status || 'none'}`);
      else if (index !== spec.chunks) fail(`a stream ended after ${index} of ${spec.chunks} chunks`);
      resolve();
    });
    // not end(): a half-closed request is one whose client left, and the simulator stops its stream
    socket.write(request);
  });
}

/** The same stream through node:http, parsing frames as text: an app's client, and the bench's before. */
export function httpStream(port: number, localAddress: string, spec: StreamCase, tally: StreamTally, agent?: Agent): Promise<void> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    open(tally);
    let done = false;
    const finish = (failure?: string) => {
      if (done) return;
      done = true;
      close(tally);
      if (failure !== undefined) tally.failures.push(failure);
      resolve();
    };
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: PATH,
        method: 'POST',
        localAddress,
        agent: agent ?? false,
        headers: { 'api-key': 'bench', 'content-type': 'application/json' },
      },
      (res) => {
        let previous: number | undefined;
        let index = 0;
        let pending = '';
        tally.heads.push(performance.now() - sentAt);
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          const now = performance.now();
          pending += text;
          let end: number;
          while ((end = pending.indexOf('\n\n')) !== -1) {
            const frame = pending.slice(0, end);
            pending = pending.slice(end + 2);
            if (!frame.includes('"delta":{"content":"') || frame.includes('"delta":{"content":"","refusal"')) continue;
            if (previous === undefined) tally.ttfts.push(now - sentAt - spec.ttftMs);
            else tally.gaps.push([now, now - previous - spec.itlMs]);
            previous = now;
            index++;
          }
        });
        res.on('end', () => finish(index === spec.chunks ? undefined : `a stream ended after ${index} of ${spec.chunks} chunks`));
        res.on('error', (error) => finish(error.message));
      },
    );
    req.on('error', (error) => finish(error.message));
    req.once('socket', (socket) => socket.once('connect', () => tally.connects.push(performance.now() - sentAt)));
    req.end(streamBody(spec.chunks));
  });
}

function open(tally: StreamTally): void {
  tally.open++;
  if (tally.open > tally.peakOpen) tally.peakOpen = tally.open;
}

function close(tally: StreamTally): void {
  tally.open--;
}
