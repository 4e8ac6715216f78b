/**
 * Chunk timing of paced streams under many concurrent streams, end to end over HTTP: the simulator on one core,
 * this load generator on the other. Each stream asks for `chunks` tokens at one token per chunk with a fixed ITL.
 * The cadence error is each gap between consecutive content chunks minus the ITL; the TTFT error is the first
 * content chunk's arrival minus (send time + TTFT). Streams start spread over the case's ramp, as a load test
 * ramps up.
 *
 * Both sides are reported, so a reader can tell which one is the limit: what the client sees, and the simulator's
 * own lateness (aoai_sim_pacer_lateness_seconds, read from its /metrics after the case), with the CPU each process
 * used and the share of the run the simulator waited for its core. A client error far above the simulator's own
 * lateness is the client's (or the machine's); a simulator whose own lateness is high is saturated.
 *
 * A case with more streams than one process may open sockets (ulimit -n, less SPARE_FILES) runs the simulator with
 * as many workers (--workers) and the load generator as as many processes, each under the limit.
 *
 *   taskset -c 1 node bench/realism-streams.ts [--streams 1000,10000,50000] [--client raw|http] [--baseline]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExposition, type Exposition } from '../server/src/metrics/index.ts';
import { askStream, pacedSample, startPacedBaseline, type PacedSample } from './baseline-paced-server.ts';
import type { ProbeWindow } from './loop-delay-probe.ts';
import { sampleProcesses } from './process-sampler.ts';
import type { ShardTally, ShardTask } from './realism-shard.ts';
import { startSimProcess } from './sim-process.ts';
import { rampStreams, type StreamCase, type StreamTally } from './stream-client.ts';

const TTFT_MS = 300;
/** Requests sent before each case to warm the simulator up (see warmUp). */
const WARM_REQUESTS = 1000;
/** Loaded into the simulator: its event-loop delay and GC pauses per second (see loop-delay-probe.ts). */
const PROBE = join(import.meta.dirname, 'loop-delay-probe.ts');

/** The probe's windows of a case: loop delay p99 in the median second / the worst max; the longest GC pause. */
function loopDelay(file: string): string {
  let windows: ProbeWindow[];
  try {
    windows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ProbeWindow);
  } catch {
    return '?';
  }
  if (windows.length === 0) return '?';
  const p99s = windows.map((w) => w.p99).sort((a, b) => a - b);
  const max = Math.max(...windows.map((w) => w.max));
  const gc = Math.max(...windows.map((w) => w.gcMax));
  return `${p99s[Math.floor(p99s.length / 2)]!.toFixed(0)} / ${max.toFixed(0)}; ${gc.toFixed(0)}`;
}

/**
 * The cases. Up to 10,000 streams: 40 chunks 100 ms apart (4.2 s a stream), ramped over max(2 s, count/2 ms), as
 * the figures of earlier rounds were taken. 50,000: the streams are longer (40 chunks 1 s apart, 40 s), so that all
 * of them are open at once once the 25 s ramp is over.
 */
function streamCase(count: number): StreamCase {
  if (count > 10_000) return { count, chunks: 40, itlMs: 1000, ttftMs: TTFT_MS, rampMs: count / 2 };
  return { count, chunks: 40, itlMs: 100, ttftMs: TTFT_MS, rampMs: Math.max(2000, count / 2) };
}

/** How long a case takes, roughly: the ramp, the last stream, and the simulator's start and stop. */
export function caseSeconds(count: number): number {
  const c = streamCase(count);
  return Math.round((c.rampMs + c.ttftMs + c.chunks * c.itlMs) / 1000 + 3);
}

function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * A quantile of a Prometheus histogram's `kind` series, interpolated within its bucket as histogram_quantile()
 * does, in ms. Over the last finite bound it says so.
 */
function histogramQuantile(exposition: Exposition, kind: string, q: number): string {
  const buckets = exposition.samples
    .filter((s) => s.name === 'aoai_sim_pacer_lateness_seconds_bucket' && s.labels.kind === kind)
    .map((s) => [s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), s.value] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return '–';
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (bound === Infinity) return `> ${(lowerBound * 1000).toFixed(0)}`;
      const within = count === lowerCount ? 0 : (rank - lowerCount) / (count - lowerCount);
      return (1000 * (lowerBound + (bound - lowerBound) * within)).toFixed(2);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return '–';
}

/**
 * TcpExtListenOverflows from /proc/net/netstat: connections the kernel dropped because a listener's accept queue
 * was full. The client then sends its SYN again after 1 s, 3 s, 7 s…, which shows as a TTFT error of seconds that
 * the simulator never sees. Counted for the whole machine: another process's listener counts too.
 */
function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = lines[i]!.split(' ');
    const at = names.indexOf('ListenOverflows');
    if (names[0] === 'TcpExt:' && at > 0) return Number(lines[i + 1]!.split(' ')[at]);
  }
  return Number.NaN;
}

/**
 * Streamed answers from an unpaced deployment of the same model, before the case, each on a connection of its own
 * as the case's are. The first loads what the simulator loads on first use (the model's tokenizer, say): without it
 * the first streams of a case waited for it, seconds on a busy machine, which showed as TTFT error of the whole
 * ramp. The next WARM_REQUESTS let V8 compile the request's path as a simulator that has been serving does:
 * without them the case's first thousand requests ran it cold, at several times the CPU.
 */
async function warmUp(url: string): Promise<PacedSample> {
  const sample = await pacedSample(await askStream(url, 'warm'));
  for (let sent = 0; sent < WARM_REQUESTS; sent += 20) {
    await Promise.all(Array.from({ length: 20 }, () => askStream(url, 'warm', true).then((warm) => warm.text())));
  }
  return sample;
}

/** Each process's sockets stay this far under the open-file limit (files, pipes, the listener). */
const SPARE_FILES = 2_000;

/** The soft limit on open files: each stream holds a socket in each process. */
function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? Infinity);
}

/** What a case's streams saw, the end of its ramp on the clock of the gaps' times, and the generator's CPU. */
interface CaseRun {
  tally: StreamTally;
  rampEnd: number;
  cpuMs: number;
  wallMs: number;
}

/** The case's streams from this process. */
async function streamsHere(port: number, spec: StreamCase, client: 'raw' | 'http'): Promise<CaseRun> {
  const tally: StreamTally = { gaps: [], ttfts: [], heads: [], connects: [], failures: [], open: 0, peakOpen: 0 };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await rampStreams(port, spec, client, tally, performance.timeOrigin + started);
  const used = process.cpuUsage(cpu);
  return { tally, rampEnd: started + spec.rampMs + 500, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - started };
}

/**
 * The case's streams from `shards` processes of bench/realism-shard.ts (on this process's core), each opening
 * its share of the sockets, for a case past one process's open-file limit; their tallies joined.
 */
async function streamsInShards(port: number, spec: StreamCase, client: 'raw' | 'http', shards: number, dir: string): Promise<CaseRun> {
  // a second for the shares to start, so that every one begins the ramp on time
  const startAt = Date.now() + 1000;
  const script = join(import.meta.dirname, 'realism-shard.ts');
  const outs = Array.from({ length: shards }, (_, shard) => join(dir, `shard-${spec.count}-${shard}.json`));
  await Promise.all(
    outs.map(
      (out, shard) =>
        new Promise<void>((resolve, reject) => {
          const task: ShardTask = { port, spec, client, shard, shards, startAt, out };
          const child = spawn(process.execPath, [script, JSON.stringify(task)], { stdio: ['ignore', 'inherit', 'inherit'] });
          child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load generator share ${shard} exited with ${code}`))));
        }),
    ),
  );
  const wallMs = Date.now() - startAt;
  const tally: StreamTally = { gaps: [], ttfts: [], heads: [], connects: [], failures: [], open: 0, peakOpen: 0 };
  let cpuMs = 0;
  for (const out of outs) {
    const share = JSON.parse(readFileSync(out, 'utf8')) as ShardTally;
    for (const gap of share.gaps) tally.gaps.push(gap);
    for (const ttft of share.ttfts) tally.ttfts.push(ttft);
    for (const head of share.heads) tally.heads.push(head);
    for (const connected of share.connects) tally.connects.push(connected);
    tally.failures.push(...share.failures);
    // every stream is open at once after the ramp: the shares' peaks add up
    tally.peakOpen += share.peakOpen;
    cpuMs += share.cpuMs;
  }
  return { tally, rampEnd: startAt + spec.rampMs + 500, cpuMs, wallMs };
}

/** The pids of a process's children (a simulator's workers). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * One case against one server (the simulator, or the baseline): the streams ramped in, then the row of what each
 * side saw. The simulator's own columns (its pacer's lateness from /metrics, its loop delay, filled in by the
 * caller from the probe's file as LOOP) are dashes for the baseline, which has none. With `shards` above 1 the
 * streams come from that many load-generator processes, and the server's figures are its primary's and its
 * workers' together.
 */
async function runCase(
  label: string,
  url: string,
  pid: number,
  spec: StreamCase,
  client: 'raw' | 'http',
  probeFile: string | undefined,
  shards = 1,
  dir = '',
): Promise<string> {
  const sampler = sampleProcesses([pid, ...childrenOf(pid)]);
  try {
    const port = Number(new URL(url).port);
    const overflowsBefore = listenOverflows();
    const {
      tally,
      rampEnd,
      cpuMs,
      wallMs: wall,
    } = shards > 1 ? await streamsInShards(port, spec, client, shards, dir) : await streamsHere(port, spec, client);
    const sample = sampler.stop();
    const overflows = listenOverflows() - overflowsBefore;
    const exposition = probeFile ? parseExposition(await (await fetch(`${url}/metrics`)).text()) : undefined;
    const own = (kind: string, q: number) => (exposition ? histogramQuantile(exposition, kind, q) : '–');
    const all = Float64Array.from(tally.gaps, ([, error]) => error).sort();
    const steady = Float64Array.from(
      tally.gaps.filter(([at]) => at > rampEnd),
      ([, error]) => error,
    ).sort();
    const ttft = Float64Array.from(tally.ttfts).sort();
    const heads = Float64Array.from(tally.heads).sort();
    const connects = Float64Array.from(tally.connects).sort();
    const generatorCpu = (cpuMs / wall) * 100;
    const f = (value: number, digits = 2) => value.toFixed(digits);
    return `| ${label} | ${spec.count.toLocaleString('en')} (${tally.peakOpen.toLocaleString('en')} open at once) | ${spec.itlMs} | ${f(percentile(steady, 50))} / ${f(percentile(steady, 99))} (${steady.length}) | ${f(percentile(all, 50))} / ${f(percentile(all, 99))} / ${f(all[all.length - 1] ?? NaN, 1)} (${all.length}) | ${f(percentile(ttft, 50), 1)} / ${f(percentile(ttft, 99), 1)} | ${f(percentile(heads, 50), 1)} / ${f(percentile(heads, 99), 1)} | ${f(percentile(connects, 50), 1)} / ${f(percentile(connects, 99), 1)} | ${overflows} | ${own('gap', 0.5)} / ${own('gap', 0.99)} | ${own('ttft', 0.5)} / ${own('ttft', 0.99)} | ${f(sample.cpuShare * 100, 0)}% (wait ${f(sample.waitShare * 100, 0)}%) | ${f((sample.cpuSeconds * 1e6) / Math.max(1, tally.gaps.length + tally.ttfts.length), 1)} | ${probeFile ? 'LOOP' : '–'} | ${f(generatorCpu, 0)}% | ${f(sample.peakRssMiB, 0)} | ${tally.failures.length}${tally.failures[0] ? ` (${tally.failures[0]})` : ''} | ${f(wall / 1000, 0)} |`;
  } finally {
    sampler.stop();
  }
}

export interface RealismStreamsOptions {
  counts?: number[];
  client?: 'raw' | 'http';
  /** Runs each case against the paced baseline too, first, with the frames the simulator sends. */
  baseline?: boolean;
}

export async function realismStreams(options: RealismStreamsOptions = {}): Promise<string> {
  const counts = options.counts ?? [1000, 10_000];
  const client = options.client ?? 'raw';
  const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-bench-'));
  const rows: string[] = [];
  for (const count of counts) {
    const spec = streamCase(count);
    // past one process's open-file limit, the simulator runs workers (--workers) and the load generator as many
    // processes, each holding its share of the sockets
    const shards = Math.ceil(count / Math.max(1, openFileLimit() - SPARE_FILES));
    writeFileSync(
      join(dir, 'scenarios.yaml'),
      `deployments:\n  paced: { model: gpt-4o-2024-08-06, latency: { ttft: ${spec.ttftMs}, itl: ${spec.itlMs} } }\n  warm: { model: gpt-4o-2024-08-06 }\n`,
    );
    // BENCH_SIM_ARGS: Node options for the simulator, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it
    const probeFile = join(dir, `probe-${count}.jsonl`);
    process.env.AOAI_SIM_BENCH_PROBE = probeFile;
    const sim = await startSimProcess(
      join(dir, 'scenarios.yaml'),
      '0',
      ['--import', PROBE, ...(process.env.BENCH_SIM_ARGS?.split(' ').filter(Boolean) ?? [])],
      undefined,
      shards > 1 ? ['--workers', String(shards)] : [],
    );
    try {
      const sample = await warmUp(sim.url);
      if (options.baseline && shards > 1) {
        rows.push(`| baseline: node:http | ${count.toLocaleString('en')} | not run: its one process cannot open so many sockets |`);
      } else if (options.baseline) {
        const baseline = await startPacedBaseline(dir, sample, spec.ttftMs, spec.itlMs);
        try {
          rows.push(await runCase('baseline: node:http', baseline.url, baseline.child.pid!, spec, client, undefined));
        } finally {
          await baseline.stop();
        }
      }
      const label = shards > 1 ? `simulator, --workers ${shards}; ${shards} load-generator processes` : 'simulator';
      rows.push(await runCase(label, sim.url, sim.child.pid!, spec, client, probeFile, shards, dir));
    } finally {
      await sim.stop();
    }
    rows[rows.length - 1] = rows.at(-1)!.replace('LOOP', loopDelay(probeFile));
  }
  return [
    `Paced streams over HTTP (${client} client): TTFT ${TTFT_MS} ms, then one token per chunk every ITL ms, 40 chunks per stream; streams start spread over max(2 s, count/2 ms). Client: the error this load generator sees (p50 / p99 ms). The answer's head (status, headers, role chunk) goes out as soon as the simulator has the request: the time to it is the connection's accept and the request's handling, before any pacing. The time to its own connect event: from sending to the load generator's handling of the connection's connect event; the kernel completes the handshake at once while the accept queue has room, so a long one is this load generator's own backlog (it writes the request then), not the simulator's. Accept queue overflows: connections the kernel dropped because the simulator's accept queue was full (TcpExtListenOverflows, machine-wide), each retried by the client after 1 s or more. Simulator: its own lateness, how long after its due time it wrote each chunk (aoai_sim_pacer_lateness_seconds, p50 / p99 ms interpolated in its buckets), and its event loop's delay (10 ms resolution) from bench/loop-delay-probe.ts. CPU: share of one core over the case; wait: the share of the case the simulator was ready to run but waited for its core. CPU per content chunk: the server's CPU over the case (the requests and the stream's other chunks included, not its start) over the content chunks it sent: one core can pace about 1,000,000 / that many chunks a second. With --baseline, each case runs first against a bare node:http server that paces the simulator's own frames with a timer per stream (bench/baseline-paced-server.ts), on the same core with the same client: what the machine can pace at all.`,
    '',
    '| server | streams | ITL ms | client: gap error after the ramp, p50 / p99 (gaps) | client: gap error, all: p50 / p99 / max (gaps) | client: TTFT error p50 / p99 | client: time to the answer’s head p50 / p99 | client: time to its own connect event p50 / p99 | accept queue overflows | simulator: gap lateness p50 / p99 | simulator: TTFT lateness p50 / p99 | simulator CPU | simulator CPU per content chunk, µs | simulator event-loop delay p99 (median second) / max; longest GC pause, ms | load generator CPU | simulator peak RSS (MiB) | failed streams | seconds |',
    `|${'---|'.repeat(18)}`,
    ...rows,
  ].join('\n');
}

/** `--streams 1000,10000` and `--client raw|http` from the command line (also through bench/realism.ts). */
export function streamsOptions(argv: string[]): RealismStreamsOptions {
  const value = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const list = value('--streams') ?? process.env.BENCH_STREAMS;
  const client = value('--client');
  return {
    ...(list
      ? {
          counts: list
            .split(',')
            .map(Number)
            .filter((n) => n > 0),
        }
      : {}),
    ...(client === 'http' || client === 'raw' ? { client } : {}),
    ...(argv.includes('--baseline') ? { baseline: true } : {}),
  };
}

if (import.meta.main) {
  const options = streamsOptions(process.argv.slice(2));
  console.log(`about ${(options.counts ?? [1000, 10_000]).map(caseSeconds).reduce((a, b) => a + b, 0)} s`);
  console.log(await realismStreams(options));
}
