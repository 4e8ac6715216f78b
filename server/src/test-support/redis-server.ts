import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import type { ExecutionContext } from 'ava';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';

/** A Redis server of a test's own, on a free loopback port: never a system service. */
export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: as abrupt as a crash); `start` brings it back on the same port, empty. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Whether Debian's redis-server is on this machine (prepare.sh installs it). */
export function hasRedisServer(): boolean {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some((path) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}

/** Starts `redis-server` on a free loopback port for the test, stopped when the test ends. */
export async function startTestRedis(t: ExecutionContext): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await untilAnswers(port);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  t.teardown(stop);
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

/** Waits (up to 10 s) until the server answers PING. */
async function untilAnswers(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {}); // a refused connection while the server starts: retried below
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
}
