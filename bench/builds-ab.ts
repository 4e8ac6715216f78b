/**
 * `npm run bench:builds-ab`: two or more builds of the simulator (a clone of another commit, the sources against
 * the bundle) on the chat and stream cases of `npm run bench`, as ratios a noisy machine blurs least. Every build
 * runs in a process of its own on core 0, all started at once (an idle one costs nothing); wrk (core 1) then loads
 * them in turn, ROUNDS times, so that each round's runs share the moment and their ratio to the first build is the
 * difference. Prints one line per round, the median ratio of each build to the first, and each one's peak RSS. A
 * build is its command's file, then any Node flags (the same build with and without a flag compares the flag).
 *
 *   BENCH_BUILDS='before=/path/to/other/clone/server/src/cli.ts;after=server/dist/aoai-sim.cjs' npm run bench:builds-ab
 *   BENCH_BUILDS='default=server/dist/aoai-sim.cjs;semi8=server/dist/aoai-sim.cjs --max-semi-space-size=8' npm run bench:builds-ab
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildBundleIfStale } from '../server/bundle/build.ts';
import { CHAT, PERF_SCENARIOS, STREAM } from './perf-scenarios.ts';
import { startSimProcess, type SimProcess } from './sim-process.ts';
import { wrk } from './wrk-run.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const OPTIONS = { duration: process.env.BENCH_DURATION ?? '6s', warmup: '2s', connections: 64 };
const builds = (process.env.BENCH_BUILDS ?? '')
  .split(';')
  .filter(Boolean)
  .map((pair) => {
    const at = pair.indexOf('=');
    const [entry = '', ...flags] = pair
      .slice(at + 1)
      .trim()
      .split(/\s+/);
    return { name: pair.slice(0, at), entry: resolve(entry), flags };
  });
if (builds.length < 2) throw new Error("BENCH_BUILDS='a=ENTRY;b=ENTRY': at least two builds, each a name and its command's file");

await buildBundleIfStale();
const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-builds-ab-'));
writeFileSync(join(dir, 'scenarios.yaml'), PERF_SCENARIOS);
const sims: SimProcess[] = [];
try {
  for (const build of builds) sims.push(await startSimProcess(join(dir, 'scenarios.yaml'), '0', build.flags, build.entry));
  for (const [name, body, expect] of [
    ['chat', CHAT, '"chat.completion"'],
    ['stream', STREAM, 'data: [DONE]'],
  ] as const) {
    const ratios: number[][] = builds.map(() => []);
    for (let round = 1; round <= ROUNDS; round++) {
      const rates: number[] = [];
      for (const sim of sims) {
        const result = await wrk(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, body, expect, OPTIONS);
        if (result.non2xx > 0 || result.wrong > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.wrong} wrong bodies`);
        rates.push(result.rps);
      }
      rates.forEach((rate, i) => ratios[i]!.push(rate / rates[0]!));
      console.log(`${name} round ${round}: ${builds.map((build, i) => `${build.name} ${rates[i]!.toFixed(0)} req/s`).join(', ')}`);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `${name}, median × ${builds[0]!.name}: ${builds.map((build, i) => `${build.name} ${median(ratios[i]!).toFixed(2)}×`).join(', ')}`,
    );
    console.log(`peak RSS so far: ${builds.map((build, i) => `${build.name} ${sims[i]!.peakRssMiB().toFixed(0)} MiB`).join(', ')}`);
  }
} finally {
  for (const sim of sims) await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
