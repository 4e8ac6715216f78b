/**
 * How well paced streams keep their cadence with many of them in one process, for each scheduler strategy
 * (shared: the timer wheel behind one Node timer, the default; timeout: a Node timer per chunk): N concurrent
 * streams of 60 chunks (TTFT lognormal median 200 ms / p99 600 ms, or fixed 200 ms, then one chunk every 20 ms),
 * recording emit time − scheduled time for every chunk. Each run is a child process of its own, so that its
 * peak RSS is its own. Then the cost of the pacer when nothing is delayed. The whole run stays under 3 minutes.
 *
 *   taskset -c 1 node bench/cadence.ts [--runs 2]
 */
import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { realClock, type Clock } from '../server/src/clock/index.ts';
import { latencyPlan } from '../server/src/latency/latency-plan.ts';
import { paceEvents } from '../server/src/latency/pacer.ts';
import { sharedScheduler, timeoutScheduler, type Scheduler } from '../server/src/latency/scheduler.ts';
import { streamSchedule } from '../server/src/latency/stream-schedule.ts';

const CHUNKS = 60;
const ITL_MS = 20;
const TTFTS = {
  lognormal: { distribution: 'lognormal', median: 200, p99: 600, seed: 1 },
  fixed: 200,
} as const;
const STRATEGIES: Record<string, (clock: Clock) => Scheduler> = { shared: sharedScheduler, timeout: timeoutScheduler };
/** The whole benchmark stays under 3 minutes; runs that would start after this are skipped. */
const BUDGET_MS = 150_000;
const CHILD_TIMEOUT_MS = 30_000;
/** Streams started per turn of the event loop. */
const START_BATCH = 100;

interface RunSpec {
  strategy: string;
  streams: number;
  ttft: keyof typeof TTFTS;
}

interface RunResult extends RunSpec {
  p50: number;
  p99: number;
  max: number;
  min: number;
  chunks: number;
  timers: number;
  cpuSeconds: number;
  wallSeconds: number;
  peakRssMb: number;
}

/** A child's run: the streams start within the first few turns of the loop; each chunk's lateness is recorded. */
async function runStreams(spec: RunSpec): Promise<RunResult> {
  let timers = 0;
  const counting: Clock = { ...realClock, setTimeout: (callback, ms) => (timers++, realClock.setTimeout(callback, ms)) };
  const make = STRATEGIES[spec.strategy];
  if (!make) throw new Error(`no strategy ${spec.strategy}`);
  const scheduler = make(counting);
  const plan = latencyPlan({ ttft: TTFTS[spec.ttft], itl: ITL_MS }, 'bench');
  const lateness = new Float64Array(spec.streams * CHUNKS);
  const cpu = process.cpuUsage();
  const wall = performance.now();

  const one = async (stream: number) => {
    const due = new Float64Array(CHUNKS);
    const schedule = streamSchedule(plan.forRequest(), () => 1);
    const startedAt = scheduler.now();
    const paced = paceEvents(
      Array.from({ length: CHUNKS }, (_, i) => i),
      (index, item) => (due[index] = schedule(index, item)),
      { scheduler, startedAt },
    );
    for await (const index of paced) lateness[stream * CHUNKS + index] = scheduler.now() - (startedAt + (due[index] ?? 0));
  };
  // requests arrive through I/O, a few at a time: starting 10,000 in one synchronous loop would block the
  // loop for tens of ms and make the first chunks late whatever the scheduler
  const running: Array<Promise<void>> = [];
  for (let stream = 0; stream < spec.streams; stream++) {
    running.push(one(stream));
    if (stream % START_BATCH === START_BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(running);

  const used = process.cpuUsage(cpu);
  lateness.sort();
  const at = (q: number) => lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))] ?? Number.NaN;
  return {
    ...spec,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    min: at(0),
    chunks: lateness.length,
    timers,
    cpuSeconds: (used.user + used.system) / 1e6,
    wallSeconds: (performance.now() - wall) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Nanoseconds per event through `consume`, best of three, over `streams` streams of 60 events. */
async function perEvent(streams: number, consume: (events: Iterable<number>) => Promise<number> | number): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    let total = 0;
    for (let i = 0; i < streams; i++) total += await consume(Array.from({ length: CHUNKS }, (_, j) => j));
    if (total !== streams * CHUNKS) throw new Error('lost events');
    best = Math.min(best, ((performance.now() - started) * 1e6) / total);
  }
  return best;
}

/** The cost of the zero-latency path, and of drawing a non-streamed answer's delay. */
async function zeroLatency(): Promise<string[]> {
  let timers = 0;
  const counting: Clock = { ...realClock, setTimeout: (callback, ms) => (timers++, realClock.setTimeout(callback, ms)) };
  const scheduler = sharedScheduler(counting);
  const count = async (stream: AsyncIterable<unknown> | Iterable<unknown>) => {
    let n = 0;
    for await (const _ of stream) n++;
    return n;
  };
  const streams = 2_000;
  const plain = await perEvent(streams, (events) => {
    let n = 0;
    for (const _ of events) n++;
    return n;
  });
  const paced = await perEvent(streams, (events) => count(paceEvents(events, () => 0, { scheduler })));
  const readablePlain = await perEvent(streams, (events) => count(Readable.from(events)));
  const readablePaced = await perEvent(streams, (events) => count(Readable.from(paceEvents(events, () => 0, { scheduler }))));

  const timing = latencyPlan({ ttft: 200, itl: { distribution: 'lognormal', median: 20, p99: 60 } }, 'bench').forRequest();
  const calls = 2_000;
  const started = performance.now();
  for (let i = 0; i < calls; i++) timing.completionDelayMs(1_000);
  const delayUs = ((performance.now() - started) * 1000) / calls;

  return [
    `| path | ns per event |`,
    `|---|---|`,
    `| plain iteration (no pacer: what a zero plan gets) | ${plain.toFixed(0)} |`,
    `| paceEvents, all offsets 0, for await | ${paced.toFixed(0)} |`,
    `| Readable.from(generator) | ${readablePlain.toFixed(0)} |`,
    `| Readable.from(paceEvents, all offsets 0) | ${readablePaced.toFixed(0)} |`,
    '',
    `Timers created on the zero path: ${timers} (for ${(4 * 3 * streams * CHUNKS).toLocaleString('en')} events).`,
    `completionDelayMs(1,000 tokens) with a lognormal ITL (capped at 64 draws): ${delayUs.toFixed(1)} µs per call.`,
  ];
}

function fmt(ms: number): string {
  return ms.toFixed(2);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    const spec = JSON.parse(process.argv[childAt + 1] ?? '{}') as RunSpec;
    process.stdout.write(`${JSON.stringify(await runStreams(spec))}\n`);
    return;
  }
  if (process.argv.includes('--idle')) {
    process.stdout.write(`${process.resourceUsage().maxRSS / 1024}\n`);
    return;
  }
  if (process.argv.includes('--zero')) {
    process.stdout.write(`${JSON.stringify(await zeroLatency())}\n`);
    return;
  }

  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(process.argv[runsAt + 1]) || 1) : 2;
  const benchStarted = performance.now();
  const child = (args: string[]) =>
    execFileSync(process.execPath, [...process.execArgv, import.meta.filename, ...args], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });

  const results: RunResult[] = [];
  const lines = [
    `Node ${process.version}, ${CHUNKS} chunks per stream, ITL ${ITL_MS} ms; lateness = emit − scheduled time, ms.`,
    '',
    '| strategy | streams | TTFT | run | p50 | p99 | max | min | timers set | CPU µs per chunk | wall s | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const ttft of ['lognormal', 'fixed'] as const) {
    for (const streams of [1_000, 10_000]) {
      for (let run = 1; run <= runs; run++) {
        for (const strategy of Object.keys(STRATEGIES)) {
          if (performance.now() - benchStarted > BUDGET_MS) {
            lines.push(`| ${strategy} | ${streams} | ${ttft} | ${run} | skipped: over the time budget |`);
            continue;
          }
          const result = JSON.parse(child(['--child', JSON.stringify({ strategy, streams, ttft })])) as RunResult;
          results.push(result);
          const r = result;
          lines.push(
            `| ${r.strategy} | ${r.streams.toLocaleString('en')} | ${r.ttft} | ${run} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.min)} | ${r.timers.toLocaleString('en')} | ${((r.cpuSeconds * 1e6) / r.chunks).toFixed(2)} | ${r.wallSeconds.toFixed(2)} | ${r.peakRssMb.toFixed(0)} |`,
          );
        }
      }
    }
  }
  lines.push('', `Peak RSS of the same child doing nothing: ${Number(child(['--idle'])).toFixed(0)} MB.`, '');
  for (const ttft of ['lognormal', 'fixed'] as const) {
    for (const streams of [1_000, 10_000]) {
      const of = (strategy: string, key: 'p50' | 'p99' | 'max') =>
        median(results.filter((r) => r.strategy === strategy && r.streams === streams && r.ttft === ttft).map((r) => r[key]));
      const ratio = (key: 'p50' | 'p99' | 'max') => (of('timeout', key) / of('shared', key)).toFixed(2);
      lines.push(
        `Ratio timeout / shared, ${streams.toLocaleString('en')} streams, ${ttft} TTFT (median of runs): p50 ${ratio('p50')}×, p99 ${ratio('p99')}×, max ${ratio('max')}×.`,
      );
    }
  }
  lines.push('', '**Zero latency** (2,000 streams × 60 events, best of 3):', '');
  if (performance.now() - benchStarted < BUDGET_MS) lines.push(...(JSON.parse(child(['--zero'])) as string[]));
  else lines.push('skipped: over the time budget');
  lines.push('', `Total ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
