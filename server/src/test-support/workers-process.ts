import type { ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { tempTree } from './temp-tree.ts';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

/**
 * `aoai-sim --workers 2` on a scenarios file, as a user starts it, killed when the test ends: its URL once both
 * workers listen, what it logged by then (each worker's startup line), and `stop`, which sends SIGTERM and gives
 * the exit code.
 */
export async function startTwoWorkers(
  t: ExecutionContext,
  scenariosYaml: string,
): Promise<{ url: string; log: string; stop: () => Promise<number | null> }> {
  const file = `${await tempTree(t, { 'scenarios.yaml': scenariosYaml })}/scenarios.yaml`;
  const child = spawn(process.execPath, [CLI, '--scenarios', file, '--port', '0', '--host', '127.0.0.1', '--workers', '2'], {
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => void child.kill('SIGKILL'));
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const started = log.match(/listening on (http:\/\/[^\s"]+)/g);
      // both workers have started: they share the one port
      if (started && started.length === 2) resolve(/listening on (http:\/\/[^\s"]+)/.exec(log)![1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${log}`)));
  });
  const stop = () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    return exited;
  };
  return { url, log, stop };
}

/** fetch for the SDK over node:http, on `agent`'s connections (false: a connection of its own). */
export async function fetchOver(agent: Agent | false, ...[input, init]: Parameters<typeof fetch>): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = init?.body === undefined || init.body === null ? undefined : String(init.body);
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  return new Promise<Response>((resolve, reject) => {
    const outgoing = request(url, { method: init?.method ?? 'GET', headers, agent }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve(
          new Response(Buffer.concat(chunks), { status: incoming.statusCode ?? 0, headers: incoming.headers as Record<string, string> }),
        ),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * The SDK's requests each on a connection of its own, as many clients behind a port are: the primary hands each
 * connection to the next worker, so consecutive requests reach different workers.
 */
export const connectionPerRequest: typeof fetch = (input, init) => fetchOver(false, input, init);
