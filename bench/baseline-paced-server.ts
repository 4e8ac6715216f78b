/**
 * The baseline of `npm run bench:realism -- --baseline`: a bare node:http server that paces the simulator's own
 * stream frames (captured from it in the same run) with the least code that can: on each request, the head and
 * the frames before the first token at once, then each frame that carries a token at TTFT + k × ITL from the
 * request's arrival, by a `setTimeout` per stream and step, one HTTP chunk per frame, as the simulator writes
 * them. No scenarios, no limits, no metrics, no journal: what one core and the loopback can pace at all, so that
 * the simulator's figures read against what the machine allows.
 *
 *   node bench/baseline-paced-server.ts PORT FRAMES.json TTFT_MS ITL_MS
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { CONTENT_DELTA, streamBody } from './stream-client.ts';

/** The frames of one streamed answer, and the headers it was sent with. */
export interface PacedSample {
  headers: Record<string, string>;
  /** Each SSE frame with its blank line, in order. */
  frames: string[];
}

/** A frame that carries a token: a content delta that is not the role chunk's empty one. */
export function carriesToken(frame: string): boolean {
  const at = frame.indexOf(CONTENT_DELTA);
  return at !== -1 && frame[at + CONTENT_DELTA.length] !== '"';
}

/**
 * One streamed answer from `deployment` of the simulator at `url`, 40 tokens, unpaced: what the baseline sends.
 * `connection: close` asks for the connection to be closed after it, as the benches' streams are.
 */
export async function askStream(url: string, deployment: string, close = false): Promise<Response> {
  return fetch(`${url}/openai/deployments/${deployment}/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'bench', 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) },
    body: streamBody(40),
  });
}

/** The simulator's answer as the baseline sends it again: its headers (without those Node adds) and its frames. */
export async function pacedSample(response: Response): Promise<PacedSample> {
  const text = await response.text();
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) if (!['date', 'connection', 'keep-alive'].includes(name)) headers[name] = value;
  return { headers, frames: text.split(/(?<=\n\n)/) };
}

/** A running baseline: its URL and process. */
export interface PacedBaseline {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts this server on core 0 (as the simulator is pinned), with `sample` written into `dir`, and Node's `nodeArgs`. */
export async function startPacedBaseline(
  dir: string,
  sample: PacedSample,
  ttftMs: number,
  itlMs: number,
  nodeArgs: string[] = [],
): Promise<PacedBaseline> {
  const file = join(dir, 'paced-sample.json');
  writeFileSync(file, JSON.stringify(sample));
  const args = ['-c', '0', process.execPath, ...nodeArgs, import.meta.filename, '0', file, String(ttftMs), String(itlMs)];
  const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
      const found = /listening on (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the baseline exited with ${code}`)));
  });
  const stop = () => new Promise<void>((resolve) => child.once('exit', () => resolve()).kill('SIGTERM'));
  return { url, child, stop };
}

if (import.meta.main) {
  const sample = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as PacedSample;
  const ttftMs = Number(process.argv[4]);
  const itlMs = Number(process.argv[5]);
  // the frames grouped by when they go: each group starts with a token's frame (the first group: the preamble)
  const groups: string[] = [''];
  for (const frame of sample.frames) {
    if (carriesToken(frame)) groups.push('');
    groups[groups.length - 1] += frame;
  }
  const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
  const framed = groups.map(chunk);
  framed[framed.length - 1] += '0\r\n\r\n';

  const server = createServer((request, response) => {
    const arrived = performance.now();
    request.resume();
    request.on('end', () => {
      response.writeHead(200, sample.headers);
      const socket = response.socket!;
      // as the simulator does: Node's own chunking off, each group written as one prepared chunk
      response.chunkedEncoding = false;
      response.write(framed[0]);
      let step = 1;
      const next = () => {
        if (socket.destroyed) return;
        socket.write(framed[step]!);
        step++;
        if (step < framed.length) schedule();
        else response.end();
      };
      const schedule = () => {
        const due = arrived + ttftMs + (step - 1) * itlMs;
        setTimeout(next, Math.max(0, due - performance.now()));
      };
      schedule();
    });
  });
  server.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1', backlog: 4096 }, () =>
    console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`),
  );
}
