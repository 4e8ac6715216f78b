/**
 * `npm run bench:memory`: what the simulator's memory holds under the chat and stream cases of `npm run bench`
 * (the same scenarios, bodies, wrk pinning and 64 connections). For each case: the peak RSS (the kernel's VmHWM,
 * reset before the case, so that each case's peak is its own), the steady RSS (the median over the measured run's
 * second half), V8's heap used and reserved, the young generation's reserve, external and ArrayBuffer memory (from
 * a probe loaded with --import, bench/memory-probe.ts), and each bounded store's entries and bytes at the end (from
 * /metrics: aoai_sim_journal_* and aoai_sim_store_*).
 *
 *   BENCH_DURATION=15s    the measured run of each case, after a BENCH_WARMUP=3s warm-up
 *   BENCH_RUNS=2          simulators started per variant, each running both cases
 *   BENCH_VARIANTS='default;--max-semi-space-size=4'
 *                         Node flags to compare, `;` between variants, run interleaved (A B A B) so that a
 *                         throughput ratio between them comes from the same minutes of a noisy machine
 *   BENCH_HEAP_SNAPSHOT=1 also write a heap snapshot at the end of each case, into .bench-results/heap/ (writing
 *                         one grows the process: the peaks of the cases after it are not comparable)
 *
 * Prints Markdown tables and saves them under .bench-results/. Needs wrk: `apt-get install wrk`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseExposition, sampleValue } from '../server/src/metrics/index.ts';
import type { MemorySample } from './memory-probe.ts';
import { CHAT, PERF_SCENARIOS, STREAM } from './perf-scenarios.ts';
import { sampleProcess, type ProcessSample } from './process-sampler.ts';
import { startSimProcess, type SimProcess } from './sim-process.ts';
import { wrk, type WrkResult } from './wrk-run.ts';

const DURATION = process.env.BENCH_DURATION ?? '15s';
const WARMUP = process.env.BENCH_WARMUP ?? '3s';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'default').split(';').map((flags) => flags.trim());
const HEAP_SNAPSHOT = process.env.BENCH_HEAP_SNAPSHOT === '1';
const STORES = ['answer_cache', 'prompt_cache', 'stored_responses', 'test_ids', 'replay_cursors', 'video_jobs'];
const PROBE = join(import.meta.dirname, 'memory-probe.ts');
const RESULTS = resolve('.bench-results');
const MiB = 1024 * 1024;

interface CaseResult {
  variant: string;
  run: number;
  name: string;
  load: WrkResult;
  /** The simulator's CPU over the measured run (process-sampler.ts). */
  cpu: ProcessSample;
  peakRss: number;
  steadyRss: number;
  /** The largest of each probe figure over the measured run, bytes. */
  heap: Pick<MemorySample, 'heapUsed' | 'heapTotal' | 'newSpace' | 'oldSpace' | 'external' | 'arrayBuffers'>;
  /** Each store's entries and bytes at the end of the case, the journal first. */
  stores: Array<{ store: string; entries: number; bytes: number }>;
  /** GC pauses over the measured run: total ms, and how many. */
  gc: { ms: number; count: number };
}

const status = (pid: number, field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

async function measureCase(sim: SimProcess, probeFile: string, variant: string, run: number, name: string, body: unknown, expect: string) {
  const pid = sim.child.pid!;
  // "5" resets the process's peak RSS (VmHWM) to its current RSS: each case's peak is its own
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const rss: Array<{ at: number; bytes: number }> = [];
  const timer = setInterval(() => rss.push({ at: Date.now(), bytes: status(pid, 'VmRSS') }), 250);
  let measuredFrom = Date.now();
  let sampler: ReturnType<typeof sampleProcess> | undefined;
  const load = await wrk(
    `${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`,
    body,
    expect,
    { duration: DURATION, warmup: WARMUP, connections: CONNECTIONS },
    () => {
      measuredFrom = Date.now();
      sampler = sampleProcess(pid);
    },
  );
  const cpu = sampler!.stop();
  clearInterval(timer);
  const measuredTo = Date.now();
  const peakRss = status(pid, 'VmHWM');
  const half = measuredFrom + (measuredTo - measuredFrom) / 2;
  const steady = rss.filter(({ at }) => at >= half).map(({ bytes }) => bytes);
  const samples = readFileSync(probeFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MemorySample)
    .filter(({ at }) => at >= measuredFrom && at <= measuredTo);
  const gc = {
    ms: (samples.at(-1)?.gcMs ?? NaN) - (samples[0]?.gcMs ?? NaN),
    count: (samples.at(-1)?.gcCount ?? NaN) - (samples[0]?.gcCount ?? NaN),
  };
  const max = (key: keyof CaseResult['heap']) => Math.max(0, ...samples.map((sample) => sample[key]));
  const metrics = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  const stores = [
    {
      store: 'journal',
      entries: sampleValue(metrics, 'aoai_sim_journal_entries') ?? NaN,
      bytes: sampleValue(metrics, 'aoai_sim_journal_bytes') ?? NaN,
    },
    ...STORES.map((store) => ({
      store,
      entries: sampleValue(metrics, 'aoai_sim_store_entries', { store }) ?? NaN,
      bytes: sampleValue(metrics, 'aoai_sim_store_bytes', { store }) ?? NaN,
    })),
  ];
  if (HEAP_SNAPSHOT) await heapSnapshot(sim, `${variant === 'default' ? 'default' : variant.replace(/\W+/g, '')}-${run}-${name}`);
  const result: CaseResult = {
    variant,
    run,
    name,
    load,
    cpu,
    peakRss,
    steadyRss: median(steady),
    heap: {
      heapUsed: max('heapUsed'),
      heapTotal: max('heapTotal'),
      newSpace: max('newSpace'),
      oldSpace: max('oldSpace'),
      external: max('external'),
      arrayBuffers: max('arrayBuffers'),
    },
    stores,
    gc,
  };
  console.error(`${variant} run ${run} ${name}: ${load.rps.toFixed(0)} req/s, peak RSS ${mib(peakRss)} MiB`);
  return result;
}

/** Asks the simulator for a heap snapshot (--heapsnapshot-signal) and waits until it is written. */
async function heapSnapshot(sim: SimProcess, label: string): Promise<void> {
  const dir = join(RESULTS, 'heap');
  const before = new Set(readdirSync(dir));
  sim.child.kill('SIGUSR2');
  for (let waited = 0, size = -1; waited < 120_000; waited += 1000) {
    await sleep(1000);
    const written = readdirSync(dir).find((file) => !before.has(file) && file.endsWith('.heapsnapshot'));
    if (!written) continue;
    const now = statSync(join(dir, written)).size;
    if (now > 0 && now === size) {
      console.error(`heap snapshot ${label}: ${join(dir, written)}`);
      return;
    }
    size = now;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : (sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN);
};
const mib = (bytes: number) => (bytes / MiB).toFixed(0);

const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-memory-'));
writeFileSync(join(dir, 'scenarios.yaml'), PERF_SCENARIOS);
mkdirSync(join(RESULTS, 'heap'), { recursive: true });
const results: CaseResult[] = [];
for (let run = 1; run <= RUNS; run++) {
  for (const variant of VARIANTS) {
    const probeFile = join(dir, `probe-${run}-${results.length}.jsonl`);
    process.env.AOAI_SIM_BENCH_MEMORY = probeFile;
    const flags = [
      '--import',
      PROBE,
      ...(variant === 'default' ? [] : variant.split(/\s+/)),
      ...(HEAP_SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${join(RESULTS, 'heap')}`] : []),
    ];
    const sim = await startSimProcess(join(dir, 'scenarios.yaml'), '0', flags);
    try {
      // the same order as npm run bench: chat, then streams in the same process
      results.push(await measureCase(sim, probeFile, variant, run, 'chat', CHAT, '"chat.completion"'));
      results.push(await measureCase(sim, probeFile, variant, run, 'stream', STREAM, 'data: [DONE]'));
    } finally {
      await sim.stop();
    }
  }
}

/** The simulator's CPU time per request answered in the measured run, µs. */
const perRequest = (r: CaseResult | undefined) => (r ? (r.cpu.cpuSeconds * 1e6) / r.load.checked : NaN);
const first = (name: string) => results.find((result) => result.name === name && result.variant === VARIANTS[0]);
const table = [
  `# npm run bench:memory, ${new Date().toISOString()}`,
  '',
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; wrk -t1 -c${CONNECTIONS} -d${DURATION} on core 1 after a ${WARMUP} warm-up, the simulator on core 0 (node --v8-pool-size=0 and the variant's flags). MiB; heap figures are the largest seen in the measured run. CPU per request is the simulator's user and system time over the measured run divided by the requests answered: unlike req/s, it does not depend on how much of its core other processes took, so it is what tells a flag's throughput cost on a shared machine. Ratios are to the first variant's run 1 of the same case.`,
  '',
  '| variant | run | case | req/s | CPU µs per request | × first | CPU wait | GC pauses (count, ms per 1,000 requests) | peak RSS | steady RSS | heap used | heap total | young gen | old space | external | array buffers |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.variant} | ${r.run} | ${r.name} | ${r.load.rps.toFixed(0)} | ${perRequest(r).toFixed(1)} | ${(perRequest(r) / perRequest(first(r.name))).toFixed(2)}× | ${(r.cpu.waitShare * 100).toFixed(0)}% | ${r.gc.count}, ${((r.gc.ms * 1000) / r.load.checked).toFixed(1)} | ${mib(r.peakRss)} | ${mib(r.steadyRss)} | ${mib(r.heap.heapUsed)} | ${mib(r.heap.heapTotal)} | ${mib(r.heap.newSpace)} | ${mib(r.heap.oldSpace)} | ${mib(r.heap.external)} | ${mib(r.heap.arrayBuffers)} |`,
  ),
  '',
  'Each bounded store at the end of each case (entries / bytes as the store counts them for its bound):',
  '',
  `| variant | run | case | ${['journal', ...STORES].join(' | ')} |`,
  `|---|---|---|${['journal', ...STORES].map(() => '---|').join('')}`,
  ...results.map(
    (r) =>
      `| ${r.variant} | ${r.run} | ${r.name} | ${r.stores.map(({ entries, bytes }) => `${entries.toLocaleString('en')} / ${(bytes / 1024).toFixed(0)} KiB`).join(' | ')} |`,
  ),
  '',
  `Wrong bodies: ${results.reduce((sum, r) => sum + r.load.wrong, 0)} of ${results.reduce((sum, r) => sum + r.load.checked, 0)}; non-2xx: ${results.reduce((sum, r) => sum + r.load.non2xx, 0)}.`,
].join('\n');
console.log(table);
writeFileSync(join(RESULTS, `memory-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), `${table}\n`);
