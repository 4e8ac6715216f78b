/**
 * `npm run bench:cluster`: what sharing the state on Redis costs. Two measurements, each a ratio within this run:
 *
 * 1. One admission, alone: the limiter's decision on a rate-limited deployment, memory store against Redis store
 *    (the Lua script's round trip on loopback included), sequential calls from this process; p50 and p99 in ms.
 * 2. Served requests: the simulator process on core 0 with the memory store, then with AOAI_SIM_REDIS_URL, loaded
 *    by wrk on core 1 (redis-server is pinned to core 1 too: on this 2-core machine the load generator and Redis
 *    share a core, so the Redis figures are if anything pessimistic), interleaved twice; requests/s and p50.
 * 3. `--workers 2` against one process: the two workers (and their primary) may use both cores, wrk stays on core
 *    1, so on this machine the workers share a core with the load generator; a machine with more cores gives the
 *    fairer figure.
 *
 * Needs wrk and redis-server (prepare.sh installs both). Takes about a minute and a half. BENCH_ONLY=workers runs
 * measurement 3 alone (no Redis), in under a minute.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { InMemoryLimiterStore, RateLimiter } from '../server/src/limits/index.ts';
import { RedisLimiterStore } from '../server/src/store/redis/redis-limiter-store.ts';
import { StoreKeys } from '../server/src/store/redis/store-keys.ts';
import { freePort } from '../server/src/test-support/free-port.ts';
import { limitedDeployment } from '../server/src/test-support/limit-deployment.ts';
import { startSimProcess } from './sim-process.ts';

const ADMISSIONS = 20_000;
const DURATION = process.env.BENCH_DURATION ?? '10s';
const LUA = fileURLToPath(new URL('./wrk-check.lua', import.meta.url));
const ONLY_WORKERS = process.env.BENCH_ONLY === 'workers';

if (ONLY_WORKERS) {
  printWorkers(await servedRequests());
  process.exit(0);
}

const port = await freePort();
const redisServer = spawn(
  'taskset',
  ['-c', '1', 'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  {
    stdio: 'ignore',
  },
);
const url = `redis://127.0.0.1:${port}`;
try {
  await untilRedisAnswers(url);
  const admission = await admissionCost(url);
  const served = await servedRequests(url);
  console.log('\n| measurement | memory | Redis | Redis / memory |\n|---|---|---|---|');
  console.log(
    `| one admission, p50 (ms) | ${admission.memory.p50.toFixed(4)} | ${admission.redis.p50.toFixed(4)} | +${(admission.redis.p50 - admission.memory.p50).toFixed(4)} ms |`,
  );
  console.log(
    `| one admission, p99 (ms) | ${admission.memory.p99.toFixed(4)} | ${admission.redis.p99.toFixed(4)} | +${(admission.redis.p99 - admission.memory.p99).toFixed(4)} ms |`,
  );
  for (const [i, round] of served.entries()) {
    console.log(
      `| chat, round ${i + 1}: requests/s | ${round.memory.rps.toFixed(0)} | ${round.redis.rps.toFixed(0)} | ${(round.redis.rps / round.memory.rps).toFixed(2)}× |`,
    );
    console.log(
      `| chat, round ${i + 1}: p50 (ms) | ${round.memory.p50.toFixed(2)} | ${round.redis.p50.toFixed(2)} | +${(round.redis.p50 - round.memory.p50).toFixed(2)} ms |`,
    );
  }
  printWorkers(served);
} finally {
  redisServer.kill('SIGKILL');
}

function printWorkers(served: Array<Record<'memory' | 'workers', { rps: number }>>) {
  console.log('\n| chat | one process | --workers 2 | workers / one |\n|---|---|---|---|');
  for (const [i, round] of served.entries()) {
    const ratio = (round.workers.rps / round.memory.rps).toFixed(2);
    console.log(`| round ${i + 1}: requests/s | ${round.memory.rps.toFixed(0)} | ${round.workers.rps.toFixed(0)} | ${ratio}× |`);
  }
}

async function admissionCost(redisUrl: string) {
  const redis = new Redis(redisUrl);
  const deployment = limitedDeployment({ tpm: 1_000_000_000, rpm: 1_000_000_000 });
  const measure = async (limiter: RateLimiter) => {
    const times: number[] = [];
    for (let i = 0; i < ADMISSIONS; i++) {
      const started = performance.now();
      await limiter.admit({ deployment, estimate: 100 });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)]!, p99: times[Math.floor(times.length * 0.99)]! };
  };
  try {
    const memory = await measure(new RateLimiter(new InMemoryLimiterStore()));
    const shared = await measure(new RateLimiter(new RedisLimiterStore(redis, new StoreKeys('bench:'))));
    return { memory, redis: shared };
  } finally {
    redis.disconnect();
  }
}

async function servedRequests(redisUrl?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-bench-cluster-'));
  const scenarios = join(dir, 'scenarios.yaml');
  writeFileSync(
    scenarios,
    'server:\n  journal: { maxEntries: 1000 }\ndeployments:\n  gpt-4o:\n    model: gpt-4o-2024-08-06\n    rateLimit: { tpm: 1000000000, rpm: 1000000000 }\n',
  );
  const body = { messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 20 };
  const rounds = [];
  for (let round = 0; round < 2; round++) {
    const result: Record<'memory' | 'redis' | 'workers', { rps: number; p50: number }> = {
      memory: { rps: 0, p50: 0 },
      redis: { rps: 0, p50: 0 },
      workers: { rps: 0, p50: 0 },
    };
    for (const store of redisUrl === undefined ? (['memory', 'workers'] as const) : (['memory', 'redis', 'workers'] as const)) {
      if (store === 'redis') process.env.AOAI_SIM_REDIS_URL = redisUrl;
      else delete process.env.AOAI_SIM_REDIS_URL;
      if (store === 'workers') process.env.AOAI_SIM_WORKERS = '2';
      else delete process.env.AOAI_SIM_WORKERS;
      const sim = await startSimProcess(scenarios, store === 'workers' ? '0,1' : '0');
      try {
        result[store] = await wrk(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, body);
      } finally {
        await sim.stop();
      }
    }
    rounds.push(result);
  }
  delete process.env.AOAI_SIM_REDIS_URL;
  delete process.env.AOAI_SIM_WORKERS;
  return rounds;
}

async function wrk(target: string, body: unknown): Promise<{ rps: number; p50: number }> {
  const env = { ...process.env, WRK_BODY: JSON.stringify(body), WRK_EXPECT: '"chat.completion"' };
  const run = (duration: string) =>
    new Promise<string>((resolve) => {
      const child = spawn('taskset', ['-c', '1', 'wrk', '-t1', '-c32', `-d${duration}`, '--latency', '-s', LUA, target], {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', () => resolve(out));
    });
  await run('2s');
  const out = await run(DURATION);
  const wrong = Number(/CHECK checked=\d+ wrong=(\d+)/.exec(out)?.[1] ?? NaN);
  if (wrong !== 0) throw new Error(`wrong answers under load:\n${out}`);
  const match = /\s50%\s+([\d.]+)(us|ms|s)/.exec(out);
  const p50 = match ? Number(match[1]) * (match[2] === 'us' ? 0.001 : match[2] === 's' ? 1000 : 1) : NaN;
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN), p50 };
}

async function untilRedisAnswers(redisUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      probe.disconnect();
    }
  }
  throw new Error('redis-server did not start');
}
