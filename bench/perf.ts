/**
 * `npm run bench`: the simulator's throughput and latency against a bare node:http baseline measured in the
 * same run, with the same load generator (wrk), the same concurrency and the same pinning: servers on core 0,
 * wrk on core 1, and this script too (`npm run bench` pins it), since it reads the simulator's log from a pipe, as
 * a container's log driver would, and that work must not land on the server's core. Every response is checked (a wrong body counts as an error). Figures are ratios to the
 * baseline; absolute numbers on a shared machine are noise. Needs wrk: `apt-get install wrk`.
 * The baseline sends the simulator's own answers, captured at the start of the run (bench/baseline-server.ts).
 * Prints a Markdown table and saves it under .bench-results/ (ignored by git). Takes about five minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDashboard, type DashboardClient } from './dashboard-client.ts';
import { startSimProcess } from './sim-process.ts';
import { writeReplaySet } from './replay-set.ts';
import { CHAT, EMBED, PERF_SCENARIOS, STREAM, TEMPLATE } from './perf-scenarios.ts';
import { wrk as runWrk, type WrkResult as Result } from './wrk-run.ts';
import type { CapturedAnswer, Samples } from './baseline-server.ts';

const DURATION = process.env.BENCH_DURATION ?? '15s';
/** Each case runs this long first, unmeasured, so that every server is measured warm (JIT-compiled), as a long load test sees it. */
const WARMUP = process.env.BENCH_WARMUP ?? '3s';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
/** BENCH_DASHBOARD=1 (npm run bench:dashboard): a dashboard page is connected to each simulator while it is measured. */
const WITH_DASHBOARD = process.env.BENCH_DASHBOARD === '1';
const pages: DashboardClient[] = [];
const watch = async (url: string) => {
  if (WITH_DASHBOARD) pages.push(await connectDashboard(url));
};
const BASELINE = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));
const KOA_REFERENCE = fileURLToPath(new URL('./koa-reference-server.ts', import.meta.url));

/**
 * The simulator's own answers to the chat and stream requests, captured for the baseline to send back byte for
 * byte (see bench/baseline-server.ts).
 */
async function captureSamples(scenarios: string, file: string): Promise<void> {
  const sim = await startSimProcess(scenarios, '0');
  const capture = async (body: unknown, path = 'gpt-4o/chat/completions'): Promise<CapturedAnswer> => {
    const response = await fetch(`${sim.url}/openai/deployments/${path}?api-version=2024-10-21`, {
      method: 'POST',
      headers: { 'api-key': 'bench', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const headers = Object.fromEntries([...response.headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)));
    return { status: response.status, headers, body: await response.text() };
  };
  const samples: Samples = {
    chat: await capture(CHAT),
    stream: await capture(STREAM),
    embeddings: await capture(EMBED, 'embed/embeddings'),
  };
  await sim.stop();
  writeFileSync(file, JSON.stringify(samples));
}

/** A server that answers with the captured samples (the baseline, or the Koa reference), on core 0. */
async function fixedServer(
  script: string,
  samples: string,
): Promise<{ url: string; child: ChildProcess; peak: () => number; stop: () => void }> {
  const child = spawn('taskset', ['-c', '0', process.execPath, script, '0', samples], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) =>
    child.stdout!.on('data', (chunk: Buffer) => resolve(/listening on (\S+)/.exec(chunk.toString())![1]!)),
  );
  return {
    url,
    child,
    peak: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    stop: () => void child.kill('SIGKILL'),
  };
}

/** wrk against `url` with this run's duration, warm-up and connections. */
const wrk = (url: string, body: unknown, expect: string): Promise<Result> =>
  runWrk(url, body, expect, { duration: DURATION, warmup: WARMUP, connections: CONNECTIONS });

const row = (name: string, r: Result, base: Result | undefined, peak: number) =>
  `| ${name} | ${r.rps.toFixed(0)} | ${base ? (r.rps / base.rps).toFixed(2) + '×' : ''} | ${r.p50.toFixed(2)} / ${r.p99.toFixed(2)} | ${base ? (r.p99 / base.p99).toFixed(2) + '×' : ''} | ${r.non2xx} | ${r.wrong} of ${r.checked} | ${peak.toFixed(0)} | ${r.wrkCpu.toFixed(0)}% |`;

const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-perf-'));
writeFileSync(join(dir, 'scenarios.yaml'), PERF_SCENARIOS);

const lines: string[] = [];
await captureSamples(join(dir, 'scenarios.yaml'), join(dir, 'samples.json'));
const base = await fixedServer(BASELINE, join(dir, 'samples.json'));
const baseChat = await wrk(`${base.url}/chat`, CHAT, '"chat.completion"');
const baseStream = await wrk(`${base.url}/chat`, STREAM, '[DONE]');
const baseEmbed = await wrk(`${base.url}/embeddings`, EMBED, '"object":"list"');
lines.push(row("baseline: node:http, the simulator's chat answer as fixed bytes", baseChat, undefined, base.peak()));
lines.push(row("baseline: node:http, the simulator's stream as fixed bytes", baseStream, undefined, base.peak()));
lines.push(row("baseline: node:http, the simulator's embeddings answer as fixed bytes", baseEmbed, undefined, base.peak()));
base.stop();
const koa = await fixedServer(KOA_REFERENCE, join(dir, 'samples.json'));
lines.push(
  row(
    'reference: Koa, @koa/router and koa-body sending the same chat answer, no other work',
    await wrk(`${koa.url}/chat`, CHAT, '"chat.completion"'),
    baseChat,
    koa.peak(),
  ),
);
koa.stop();

const sim = await startSimProcess(join(dir, 'scenarios.yaml'), '0');
await watch(sim.url);
const path = (deployment: string, operation: string) => `${sim.url}/openai/deployments/${deployment}/${operation}?api-version=2024-10-21`;
lines.push(
  row(
    '1. chat completion, ~50 tokens (limiter, journal, metrics on)',
    await wrk(path('gpt-4o', 'chat/completions'), CHAT, '"chat.completion"'),
    baseChat,
    sim.peakRssMiB(),
  ),
);
lines.push(
  row(
    '2. the same, streamed (streams/s)',
    await wrk(path('gpt-4o', 'chat/completions'), STREAM, 'data: [DONE]'),
    baseStream,
    sim.peakRssMiB(),
  ),
);
lines.push(
  row('3. embeddings, 16 inputs, base64', await wrk(path('embed', 'embeddings'), EMBED, '"object":"list"'), baseEmbed, sim.peakRssMiB()),
);
lines.push(
  row(
    '5. scenario rule with a template',
    await wrk(path('templated', 'chat/completions'), TEMPLATE, 'Order 4711 ships'),
    baseChat,
    sim.peakRssMiB(),
  ),
);
pages.at(-1)?.stop();
await sim.stop();

for (const count of [10, 100_000]) {
  const replayDir = writeReplaySet(count, dir);
  const replay = await startSimProcess(join(replayDir, 'scenarios.yaml'), '0');
  await watch(replay.url);
  const body = { messages: [{ role: 'user', content: 'question 7' }] };
  lines.push(
    row(
      `4. replay hit, ${count.toLocaleString('en')} recorded interactions`,
      await wrk(`${replay.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, body, 'recorded answer 7'),
      baseChat,
      replay.peakRssMiB(),
    ),
  );
  pages.at(-1)?.stop();
  await replay.stop();
}

const table = [
  `# npm run bench${WITH_DASHBOARD ? ' with a dashboard page connected' : ''}, ${new Date().toISOString()}`,
  ...(WITH_DASHBOARD
    ? [
        '',
        `Dashboard snapshots received per simulator: ${pages.map((page) => page.snapshots()).join(', ')}; ` +
          `CPU ms per snapshot, as each simulator reports it (costMs, mean): ${pages.map((page) => page.meanCostMs().toFixed(2)).join(', ')}`,
      ]
    : []),
  '',
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; wrk -t1 -c${CONNECTIONS} -d${DURATION} on core 1 after a ${WARMUP} warm-up, servers on core 0`,
  '',
  '| case | req/s | × baseline | p50 / p99 (ms) | p99 × baseline | non-2xx | wrong bodies | server peak RSS (MiB) | wrk CPU |',
  '|---|---|---|---|---|---|---|---|---|',
  ...lines,
  '',
  'Case 6 (10,000 concurrent paced streams) is in `npm run bench:realism`.',
].join('\n');
console.log(table);
mkdirSync('.bench-results', { recursive: true });
writeFileSync(
  `.bench-results/bench-${WITH_DASHBOARD ? 'dashboard-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.md`,
  `${table}\n`,
);
