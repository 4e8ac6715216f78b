// Sends bytes on a plain TCP connection (node:net): requests node:http would refuse to write.
import { connect } from 'node:net';
import { nowMs } from '../harness/proc-stats.ts';
import { SecretScanner, type Secrets } from '../oracle/secrets.ts';
import type { Answer } from './answer.ts';
import { parseResponses } from './parse-responses.ts';

export interface RawRequest {
  /** Written in order; a pause sits between parts (a slow client). */
  parts: Array<Buffer | { pauseMs: number }>;
  /** After the last part: half-close (FIN), keep the connection open while waiting, or drop it at once. */
  after: 'half-close' | 'keep-open' | 'destroy';
  /** How long to wait for answers after the last part. */
  waitMs: number;
  /** Stop waiting once this many whole answers came. */
  answers?: number;
}

const RECEIVED_KEPT_BYTES = 4 * 1024 * 1024;

/** Every answer the connection got (none: one Answer with status 0). Never throws. */
export async function sendRaw(port: number, request: RawRequest, secrets: Secrets): Promise<Answer[]> {
  const startedMs = nowMs();
  const scanner = new SecretScanner(secrets);
  const received: Buffer[] = [];
  let size = 0;
  let closed = false;
  let error: string | undefined;
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('data', (chunk: Buffer) => {
    scanner.scan(chunk);
    if (size < RECEIVED_KEPT_BYTES) received.push(chunk);
    size += chunk.length;
  });
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void ended.then(() => (closed = true));
  socket.on('error', (cause) => (error = cause.message));
  await new Promise<void>((resolve) => {
    socket.once('connect', resolve);
    socket.once('error', resolve);
  });
  for (const part of request.parts) {
    if (closed) break;
    if (Buffer.isBuffer(part)) await new Promise<void>((resolve) => socket.write(part, () => resolve()));
    else await new Promise((resolve) => setTimeout(resolve, part.pauseMs));
  }
  if (request.after === 'destroy') socket.destroy();
  else if (request.after === 'half-close' && !closed) socket.end();
  const deadline = nowMs() + request.waitMs;
  while (!closed && nowMs() < deadline) {
    const whole = parseResponses(Buffer.concat(received)).filter((response) => !response.incomplete);
    if (request.answers !== undefined && whole.length >= request.answers) break;
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 10))]);
  }
  const gaveUp = !closed;
  socket.destroy();
  const endedMs = nowMs();
  const responses = parseResponses(Buffer.concat(received));
  const base = { secretsSeen: [...scanner.seen], startedMs, endedMs, ...(error ? { error } : {}) };
  if (responses.length === 0) {
    return [
      { outcome: gaveUp ? 'gave-up' : 'closed', status: 0, headers: {}, body: Buffer.alloc(0), bodyBytes: 0, truncated: false, ...base },
    ];
  }
  return responses.map((response) => ({
    outcome: response.incomplete ? 'closed' : 'answered',
    status: response.status,
    headers: response.headers,
    body: response.body,
    bodyBytes: response.body.length,
    truncated: size > RECEIVED_KEPT_BYTES,
    ...base,
  }));
}
