// Sends a well-formed HTTP request with node:http and collects the answer, bounded in time and memory.
import { Agent, request as httpRequest } from 'node:http';
import { nowMs } from '../harness/proc-stats.ts';
import { SecretScanner, type Secrets } from '../oracle/secrets.ts';
import { BODY_KEPT_BYTES, type Answer } from './answer.ts';

export interface HttpRequest {
  method: string;
  /** The request target exactly as sent: path and query, or an absolute URL. */
  target: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** The harness stops waiting after this long; the default suits any answer the simulator gives without a fault. */
  timeoutMs?: number;
  /** Leave after this many body bytes: a client that disconnects mid-stream. */
  leaveAfterBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Sends `request` to `port` on 127.0.0.1 through `agent` (keep-alive, bounded sockets); throws only for a request node:http will not write. */
export async function sendHttp(port: number, agent: Agent, request: HttpRequest, secrets: Secrets): Promise<Answer> {
  const first = await sendOnce(port, agent, request, secrets);
  // a kept-alive socket the server closed as idle just as it was reused: the request never reached the server
  if (first.reused && first.outcome === 'closed' && first.status === 0) return (await sendOnce(port, agent, request, secrets)).answer;
  return first.answer;
}

function sendOnce(
  port: number,
  agent: Agent,
  request: HttpRequest,
  secrets: Secrets,
): Promise<{ answer: Answer; reused: boolean; outcome: Answer['outcome']; status: number }> {
  const startedMs = nowMs();
  const scanner = new SecretScanner(secrets);
  const chunks: Buffer[] = [];
  let kept = 0;
  let bodyBytes = 0;
  let status = 0;
  let headers: Record<string, string> = {};
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: Answer['outcome'], error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const answer: Answer = {
        outcome,
        status,
        headers,
        body: Buffer.concat(chunks),
        bodyBytes,
        truncated: bodyBytes > kept,
        secretsSeen: [...scanner.seen],
        startedMs,
        endedMs: nowMs(),
        ...(error ? { error } : {}),
      };
      resolve({ answer, reused: req?.reusedSocket === true, outcome, status });
    };
    let req: ReturnType<typeof httpRequest> | undefined;
    try {
      // node:http sends a DELETE's or an OPTIONS's body with no length unless told one: the server would read it as the next request
      const headers =
        request.body && !Object.keys(request.headers).some((name) => /^(content-length|transfer-encoding)$/i.test(name))
          ? { ...request.headers, 'content-length': String(request.body.length) }
          : request.headers;
      req = httpRequest({ host: '127.0.0.1', port, agent, method: request.method, path: request.target, headers });
    } catch (error) {
      // node:http refused to write it: a case that should have used a raw socket, which is the harness's mistake
      throw new Error(`node:http will not send ${request.method} ${request.target.slice(0, 80)}: ${(error as Error).message}`);
    }
    timer = setTimeout(() => {
      req!.destroy();
      finish('gave-up');
    }, request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const sent = req;
    sent.on('response', (res) => {
      status = res.statusCode ?? 0;
      headers = Object.fromEntries(
        Object.entries(res.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value ?? '')]),
      );
      scanner.scan(`${res.statusMessage ?? ''}\n${res.rawHeaders.join('\n')}`);
      res.on('data', (chunk: Buffer) => {
        bodyBytes += chunk.length;
        scanner.scan(chunk);
        if (kept < BODY_KEPT_BYTES) {
          const part = chunk.subarray(0, BODY_KEPT_BYTES - kept);
          chunks.push(part);
          kept += part.length;
        }
        if (request.leaveAfterBytes !== undefined && bodyBytes >= request.leaveAfterBytes) {
          req!.destroy();
          finish('left');
        }
      });
      res.on('end', () => finish('answered'));
      res.on('error', (error) => finish('closed', error.message));
      res.on('aborted', () => finish('closed', 'the answer was cut short'));
    });
    sent.on('error', (error) => finish('closed', error.message));
    sent.end(request.body);
  });
}
