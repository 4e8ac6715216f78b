/**
 * `npm run bench:realtime`: how faithfully the simulator paces realtime responses with many sessions streaming at
 * once. The simulator runs on core 0 (`node --v8-pool-size=0`, as `npm start` runs it), this load generator on core
 * 1 (the npm script pins it). Each session asks for a long answer (about 25 s of speech) from a deployment with a
 * fixed 300 ms TTFT, and asks again until the run ends.
 *
 * The gap error of delta k is (arrival of k − arrival of k−1) − the audio duration of delta k−1 (for text deltas:
 * the deployment's ITL); the TTFT error is the first delta's arrival − response.create sent − the TTFT. Prints
 * Markdown and saves it under .bench-results/ (ignored by git).
 *
 *   taskset -c 1 node bench/realtime.ts [--sessions 1000[,100,…]] [--seconds 10] [--text] [--cpu-prof]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ProbeWindow } from './loop-delay-probe.ts';
import { sampleProcess, type ProcessSample } from './process-sampler.ts';
import { runSessions, type DeltaKind, type LoadResult } from './realtime-sessions.ts';
import { startSimProcess } from './sim-process.ts';

const TTFT_MS = 300;
/** Text deltas only: one token per delta, one every ITL. */
const ITL_MS = 100;
/** About 25 s of speech at 150 words a minute (speechDurationMs), so a response outlasts a short run. */
const ANSWER =
  'Thank you for calling. I have looked at your booking and everything is in order. Your flight leaves at ten past nine tomorrow morning from gate twelve, and boarding starts forty minutes before. You have one checked bag included, and a seat by the window near the front. If you would like to change anything, such as the seat, the meal or the time of your pickup, just tell me now and I will take care of it for you.';
/** A core busier than this (running, or ready and waiting for it) was the limit of the run. */
const SATURATED = 0.9;
/** Waiting for a CPU this much of the run means other processes shared the simulator's core. */
const CONTENDED = 0.05;

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    text: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const counts = values.sessions.split(',').map(Number);
const steadyMs = Number(values.seconds) * 1000;
if (counts.some((count) => !Number.isInteger(count) || count < 1 || count > 20_000) || !(steadyMs > 0 && steadyMs <= 600_000))
  throw new Error('--sessions takes counts from 1 to 20000 (comma-separated), --seconds from 1 to 600');
const kind: DeltaKind = values.text ? 'text' : 'audio';
/** Sessions open spread over a few seconds, as a load test ramps up: 3 ms apart, at least one second in all. */
const rampMs = (count: number) => Math.max(1000, count * 3);

// a bound on the whole run: each run's ramp and streaming, its start (20 s at most) and stop (15 s), and a margin
const budgetMs = counts.reduce((total, count) => total + rampMs(count) + steadyMs + 45_000, 0);
setTimeout(() => {
  console.error(`bench:realtime: over its time budget of ${budgetMs / 1000} s, stopping`);
  process.exit(2);
}, budgetMs).unref();

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function spread(values: number[], ps = [50, 90, 99]): string {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return 'none';
  return `${[...ps.map((p) => percentile(sorted, p)), sorted[sorted.length - 1]!].map((v) => v.toFixed(2)).join(' / ')} (${sorted.length.toLocaleString('en')})`;
}

/** The realtime sessions the simulator reports open (aoai_sim_realtime_sessions_open, summed), or NaN. */
async function sessionsOpen(url: string): Promise<number> {
  try {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const lines = text.split('\n').filter((line) => line.startsWith('aoai_sim_realtime_sessions_open'));
    return lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  } catch {
    return NaN;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-bench-realtime-'));
const scenarios = join(dir, 'scenarios.yaml');
writeFileSync(
  scenarios,
  `deployments:
  voice:
    model: gpt-realtime-2025-08-28
    rateLimit: { tpm: 1000000000, rpm: 100000000 }
    latency: { ttft: ${TTFT_MS}, itl: ${ITL_MS} }
scenarios:
  - name: long-answer
    match: { operation: realtime, deployment: voice }
    respond: { content: ${JSON.stringify(ANSWER)} }
`,
);
const profiles = join(process.cwd(), '.bench-results', `realtime-profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const probe = join(import.meta.dirname, 'loop-delay-probe.ts');
const nodeArgs = ['--import', probe, ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [])];

/** The simulator's own lateness over a run, from the probe's windows: loop delay p99 (median second) / max, GC. */
function loopDelay(file: string, from: number, to: number): string {
  if (!existsSync(file)) return '?';
  const windows = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProbeWindow)
    .filter((window) => window.at > from && window.at <= to + 1000);
  if (windows.length === 0) return '?';
  const p99s = windows.map((window) => window.p99).sort((a, b) => a - b);
  const worst = windows.reduce((a, b) => (b.max > a.max ? b : a));
  const gc = windows.reduce((a, b) => (b.gcMax > a.gcMax ? b : a));
  const kinds: Record<number, string> = { 1: 'scavenge', 2: 'minor mark-sweep', 4: 'mark-compact', 8: 'weak callbacks' };
  return `${p99s[Math.floor(p99s.length / 2)]!.toFixed(1)} / ${worst.max.toFixed(0)}; GC ${gc.gcMax.toFixed(0)} (${kinds[gc.gcKind] ?? gc.gcKind})`;
}

const rows: string[] = [];
const notes: string[] = [];
for (const [run, count] of counts.entries()) {
  process.env.AOAI_SIM_BENCH_PROBE = join(dir, `probe-${run}.jsonl`);
  const sim = await startSimProcess(scenarios, '0', nodeArgs);
  const runFrom = Date.now();
  let result: LoadResult;
  let open = NaN;
  const simSample = sampleProcess(sim.child.pid!);
  const selfSample = sampleProcess(process.pid);
  let runTo = runFrom;
  let simUse: ProcessSample;
  let self: ProcessSample;
  try {
    const midRun = setTimeout(() => void sessionsOpen(sim.url).then((n) => (open = n)), rampMs(count) + steadyMs / 2);
    result = await runSessions({
      url: sim.url.replace('http', 'ws'),
      deployment: 'voice',
      sessions: count,
      rampMs: rampMs(count),
      steadyMs,
      kind,
      ttftMs: TTFT_MS,
      textGapMs: ITL_MS,
      prompt: 'Read me my booking, please.',
    });
    clearTimeout(midRun);
  } finally {
    // sampled before the simulator stops: an exited process's /proc entry has no memory figures
    runTo = Date.now();
    simUse = simSample.stop();
    self = selfSample.stop();
    await sim.stop();
  }
  const steady = result.gapError.filter((_, i) => result.gapAt[i]! > result.rampEndsAt + 500);
  const failures = [...result.failures].map(([reason, n]) => `${n}× ${reason}`).join('; ');
  const limit =
    self.cpuShare >= SATURATED
      ? 'the load generator (its core was saturated: the simulator may do better than this)'
      : simUse.cpuShare + simUse.waitShare >= SATURATED
        ? `the simulator's core (running ${percent(simUse.cpuShare)}, waiting for it behind other processes ${percent(simUse.waitShare)})`
        : simUse.waitShare >= CONTENDED
          ? `neither core was saturated, but the simulator waited ${percent(simUse.waitShare)} of the run for its core (other processes on it)`
          : 'neither core was saturated';
  rows.push(
    `| ${count.toLocaleString('en')} | ${Number.isNaN(open) ? '?' : open} | ${spread(steady)} | ${spread(result.gapError)} | ${spread(result.ttftError)} | ${result.deltas.toLocaleString('en')} | ${result.responses.completed} / ${result.responses.failed} | ${result.failedSessions} | ${simUse.peakRssMiB.toFixed(0)} | ${percent(simUse.cpuShare)} (${percent(simUse.peakCpuShare)}); ${percent(simUse.waitShare)} | ${((simUse.cpuSeconds * 1e6) / Math.max(1, result.deltas)).toFixed(0)} | ${loopDelay(process.env.AOAI_SIM_BENCH_PROBE, runFrom, runTo)} | ${percent(self.cpuShare)} (${percent(self.peakCpuShare)}); ${percent(self.waitShare)} |`,
  );
  notes.push(
    `${count.toLocaleString('en')} sessions: ${result.opened} opened; ${kind === 'audio' ? `${(result.audioMs / 1000).toFixed(0)} s of audio received; ` : ''}limit: ${limit}${failures ? `; failures: ${failures}` : ''}.`,
  );
}

const header = `# Realtime benchmark, ${new Date().toISOString()}\n\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
const table = [
  `${kind === 'audio' ? 'Audio deltas (response.output_audio.delta, pcm16 24 kHz)' : `Text deltas (response.output_text.delta, one token every ${ITL_MS} ms)`} over plain ws; TTFT ${TTFT_MS} ms; sessions open 3 ms apart (at least over 1 s), then stream for ${steadyMs / 1000} s; gap error = (arrival of k − arrival of k−1) − ${kind === 'audio' ? 'audio duration of k−1' : 'the ITL'}, ms; p50 / p90 / p99 / max (count).`,
  '',
  '| sessions | open mid-run | gap error after the ramp | gap error, all | TTFT error | deltas | responses completed / failed | failed sessions | simulator peak RSS (MiB) | simulator CPU (peak 1 s); waiting for a CPU | simulator CPU per delta (µs) | simulator loop delay p99 / max, longest GC (ms) | load generator CPU (peak 1 s); waiting for a CPU |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  ...notes,
].join('\n');
console.log(`${header}\n\n${table}\n`);
if (values['cpu-prof']) console.log(`simulator CPU profiles: ${profiles}`);
mkdirSync('.bench-results', { recursive: true });
const file = `.bench-results/realtime-${new Date().toISOString().replace(/[:.]/g, '-')}.md`;
writeFileSync(file, `${header}\n\n${table}\n`);
console.log(`saved ${file}`);
