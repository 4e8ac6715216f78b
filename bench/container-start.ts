/**
 * How long the image takes to be ready, with the image present: `AoaiSimContainer.start()` from call to
 * /healthz answering (what a test pays), and the container's own part of it: from `docker run` to the first 200
 * from /healthz, polled every 10 ms, and on to the answer of a first chat request (which waits for what the
 * simulator loads just after it opens its port: see docs/performance.md, start-up). Five runs each by default;
 * prints median and min.
 *
 *   AOAI_SIM_IMAGE=aoai-sim:dev BENCH_RUNS=5 node bench/container-start.ts
 */
import { execFileSync } from 'node:child_process';
import { AoaiSimContainer } from '../client/src/index.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
const image = process.env.AOAI_SIM_IMAGE ?? 'aoai-sim:dev';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function viaClient(): Promise<number> {
  const started = performance.now();
  const sim = await AoaiSimContainer.start({ image });
  const elapsed = performance.now() - started;
  await sim.stop();
  return elapsed;
}

/** From `docker run` to /healthz answering 200, and to a first chat request's answer. */
async function viaDockerRun(): Promise<{ healthy: number; answered: number }> {
  const started = performance.now();
  const id = execFileSync('docker', ['run', '-d', '--rm', '-p', '127.0.0.1::8080', image]).toString().trim();
  try {
    const port = execFileSync('docker', ['port', id, '8080']).toString().trim().split(':').pop();
    for (let i = 0; i < 1000; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) {
        const healthy = performance.now() - started;
        const response = await fetch(`http://127.0.0.1:${port}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
          method: 'POST',
          headers: { 'api-key': 'any', 'content-type': 'application/json' },
          body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello' }] }),
        });
        if (!response.ok) throw new Error(`the first chat request failed: ${response.status}`);
        await response.text();
        return { healthy, answered: performance.now() - started };
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('not ready after 10 s');
  } finally {
    execFileSync('docker', ['stop', '-t', '5', id], { stdio: 'ignore' });
  }
}

const client: number[] = [];
const healthy: number[] = [];
const answered: number[] = [];
for (let i = 0; i < RUNS; i++) {
  client.push(await viaClient());
  const run = await viaDockerRun();
  healthy.push(run.healthy);
  answered.push(run.answered);
}
console.log(`Container cold start to ready, image ${image} present, ${RUNS} runs\n`);
console.log('| path | median (ms) | min (ms) |\n|---|---|---|');
console.log(`| AoaiSimContainer.start() | ${median(client).toFixed(0)} | ${Math.min(...client).toFixed(0)} |`);
console.log(`| docker run → /healthz 200 | ${median(healthy).toFixed(0)} | ${Math.min(...healthy).toFixed(0)} |`);
console.log(`| docker run → first chat answer | ${median(answered).toFixed(0)} | ${Math.min(...answered).toFixed(0)} |`);
