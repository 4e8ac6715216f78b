/**
 * `npm run bench:dashboard-ab`: the throughput an open dashboard page costs, as a ratio a noisy machine blurs
 * least. One simulator process (core 0) serves the chat and the stream case of `npm run bench` under wrk (core 1),
 * alternately without a page and with one connected, ROUNDS times each: the two runs of a pair share the process,
 * its warmth and the moment, so their ratio is the page's price. Read the later rounds: the first ones still warm
 * the process up. Prints one line per pair.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDashboard } from './dashboard-client.ts';
import { CHAT, PERF_SCENARIOS, STREAM } from './perf-scenarios.ts';
import { startSimProcess } from './sim-process.ts';
import { wrk } from './wrk-run.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const OPTIONS = { duration: process.env.BENCH_DURATION ?? '6s', warmup: '2s', connections: 64 };

const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-dashboard-ab-'));
writeFileSync(join(dir, 'scenarios.yaml'), PERF_SCENARIOS);
const sim = await startSimProcess(join(dir, 'scenarios.yaml'), '0');
const url = `${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`;
try {
  for (const [name, body, expect] of [
    ['chat', CHAT, '"chat.completion"'],
    ['stream', STREAM, 'data: [DONE]'],
  ] as const) {
    for (let round = 1; round <= ROUNDS; round++) {
      const without = await wrk(url, body, expect, OPTIONS);
      const page = await connectDashboard(sim.url);
      const withPage = await wrk(url, body, expect, OPTIONS);
      page.stop();
      console.log(
        `${name} round ${round}: ${without.rps.toFixed(0)} req/s without a page, ${withPage.rps.toFixed(0)} with one: ` +
          `${(withPage.rps / without.rps).toFixed(2)}× (${page.snapshots()} snapshots, ${page.meanCostMs().toFixed(2)} CPU ms each)`,
      );
    }
  }
} finally {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
