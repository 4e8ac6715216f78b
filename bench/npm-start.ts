/**
 * How long `npm start` takes to be ready: from spawning it to the first 200 from /healthz (polled every 5 ms), and
 * on to a first chat answer; then the simulator's resident memory, idle, a second later. Runs `npm start` in each
 * clone given (this one by default), in turn, BENCH_RUNS times (five by default), so that an A/B comparison shares
 * the machine's moments; prints median and min per clone. The first run of each also fills Node's compile cache
 * and builds what `npm start` builds when stale: it is left out of the figures.
 *
 *   BENCH_RUNS=5 node bench/npm-start.ts [CLONE...]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const clones = process.argv.length > 2 ? process.argv.slice(2) : [fileURLToPath(new URL('..', import.meta.url))];
const PORT = 18_000 + (process.pid % 1000);

interface Run {
  healthy: number;
  answered: number;
  rssMiB: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function startOnce(clone: string): Promise<Run> {
  const started = performance.now();
  // its own process group, so that npm and the node it starts are stopped together
  const child = spawn('npm', ['start', '--silent'], {
    cwd: clone,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, AOAI_SIM_PORT: String(PORT), LOG_LEVEL: 'warn' },
  });
  try {
    const url = `http://127.0.0.1:${PORT}`;
    for (let i = 0; i < 6000; i++) {
      const ok = await fetch(`${url}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) {
        const healthy = performance.now() - started;
        const response = await fetch(`${url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
          method: 'POST',
          headers: { 'api-key': 'any', 'content-type': 'application/json' },
          body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello' }] }),
        });
        if (!response.ok) throw new Error(`the first chat request failed: ${response.status}`);
        await response.text();
        const answered = performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return { healthy, answered, rssMiB: serverRss(child) };
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`npm start in ${clone} not ready after 30 s`);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    // the port is free again once the simulator (npm's child) has gone
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** The resident memory of the simulator: the largest process in npm's process group. */
function serverRss(npm: ChildProcess): number {
  const group = String(npm.pid);
  let largest = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2] !== group) continue;
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      largest = Math.max(largest, rss / 1024);
    } catch {
      // gone meanwhile
    }
  }
  return largest;
}

const runs = new Map<string, Run[]>(clones.map((clone) => [clone, []]));
for (const clone of clones) await startOnce(clone); // fills the compile cache, builds what is stale
for (let i = 0; i < RUNS; i++) for (const clone of clones) runs.get(clone)!.push(await startOnce(clone));

console.log(`npm start to ready, ${RUNS} runs after one to warm up\n`);
console.log(
  '| clone | → /healthz 200 median (min) ms | → first chat answer median (min) ms | idle RSS of the server MiB |\n|---|---|---|---|',
);
for (const [clone, results] of runs) {
  const column = (key: keyof Run) =>
    `${median(results.map((run) => run[key])).toFixed(0)} (${Math.min(...results.map((run) => run[key])).toFixed(0)})`;
  console.log(`| ${clone} | ${column('healthy')} | ${column('answered')} | ${median(results.map((run) => run.rssMiB)).toFixed(1)} |`);
}
