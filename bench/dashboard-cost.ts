/**
 * `npm run bench:dashboard-cost`: what an open dashboard page costs the data plane, measured in ways a shared,
 * noisy machine does not blur. For the chat and the stream case of `npm run bench`, the simulator runs under wrk
 * with no page and with one page connected, alternately, ROUNDS times; each run records
 * - the simulator's CPU profile (`node --cpu-prof`): the share of its busy CPU spent in the dashboard's code
 *   (every frame under server/src/dashboard/, callees included), and so the ms per snapshot;
 * - its event-loop delay (bench/loop-delay-probe.ts): the worst stall, which a snapshot would cause;
 * - wrk's requests per second, whose ratio with and without a page is noisy here and labelled so.
 * Servers on core 0, wrk and this script on core 1, as in `npm run bench`. Needs wrk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDashboard } from './dashboard-client.ts';
import type { ProbeWindow } from './loop-delay-probe.ts';
import { startSimProcess } from './sim-process.ts';

const DURATION = process.env.BENCH_DURATION ?? '10s';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const LUA = fileURLToPath(new URL('./wrk-check.lua', import.meta.url));
const PROBE = fileURLToPath(new URL('./loop-delay-probe.ts', import.meta.url));
/** A frame of the dashboard's own code: everything it calls is counted with it. */
const DASHBOARD_CODE = '/server/src/dashboard/';

const CHAT = { max_tokens: 50, messages: [{ role: 'user', content: 'Tell me about the history of the bicycle.' }] };
const CASES = [
  { name: 'chat completion, ~50 tokens', body: CHAT, expect: '"chat.completion"' },
  { name: 'the same, streamed', body: { ...CHAT, stream: true }, expect: 'data: [DONE]' },
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Busy and dashboard CPU ms in a profile between two instants (µs on the monotonic clock the profiler and
 * process.hrtime share), so that start-up and shutdown are left out.
 */
function profileShares(profile: Profile, fromUs: number, toUs: number): { busyMs: number; dashboardMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inDashboard = new Set<number>();
  const mark = (node: ProfileNode, inside: boolean) => {
    const here = inside || node.callFrame.url.includes(DASHBOARD_CODE);
    if (here) inDashboard.add(node.id);
    for (const child of node.children ?? []) mark(byId.get(child)!, here);
  };
  mark(profile.nodes[0]!, false);
  let busyMs = 0;
  let dashboardMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i]!;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (at < fromUs || at > toUs || byId.get(id)!.callFrame.functionName === '(idle)') return;
    busyMs += ms;
    if (inDashboard.has(id)) dashboardMs += ms;
  });
  return { busyMs, dashboardMs };
}

async function wrk(url: string, body: unknown, expect: string): Promise<{ rps: number; wrong: number }> {
  const env = { ...process.env, WRK_BODY: JSON.stringify(body), WRK_EXPECT: expect };
  const child = spawn('taskset', ['-c', '1', 'wrk', '-t1', `-c${CONNECTIONS}`, `-d${DURATION}`, '-s', LUA, url], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  await new Promise((resolve) => child.once('exit', resolve));
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN), wrong: Number(/wrong=(\d+)/.exec(out)?.[1] ?? NaN) };
}

interface Run {
  rps: number;
  wrong: number;
  busyMs: number;
  dashboardMs: number;
  snapshots: number;
  loopMaxMs: number;
}

async function run(scenarios: string, testCase: (typeof CASES)[number], withPage: boolean): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-dashcost-'));
  process.env.AOAI_SIM_BENCH_PROBE = join(dir, 'probe.jsonl');
  const sim = await startSimProcess(scenarios, '0', ['--import', PROBE, '--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const page = withPage ? await connectDashboard(sim.url) : undefined;
  const url = `${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`;
  const snapshotsBefore = page?.snapshots() ?? 0;
  const startedAt = Date.now();
  const startedUs = Number(process.hrtime.bigint() / 1000n);
  const { rps, wrong } = await wrk(url, testCase.body, testCase.expect);
  const endedUs = Number(process.hrtime.bigint() / 1000n);
  const endedAt = Date.now();
  const snapshots = (page?.snapshots() ?? 0) - snapshotsBefore;
  page?.stop();
  await sim.stop();
  const profile = JSON.parse(
    readFileSync(
      join(
        dir,
        readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))!,
      ),
      'utf8',
    ),
  ) as Profile;
  const windows = readFileSync(process.env.AOAI_SIM_BENCH_PROBE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ProbeWindow);
  if (process.env.BENCH_KEEP_PROFILES) console.error(`profile kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  // the probe's windows end once a second: the first one under load may hold the tail of the start-up
  const underLoad = windows.filter((window) => window.at > startedAt + 1000 && window.at <= endedAt);
  return {
    rps,
    wrong,
    ...profileShares(profile, startedUs, endedUs),
    snapshots,
    loopMaxMs: Math.max(...underLoad.map((window) => window.max)),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-dashcost-'));
const scenarios = join(dir, 'scenarios.yaml');
writeFileSync(
  scenarios,
  `server: { journal: { maxEntries: 1000 } }\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 2000000000, rpm: 2000000000 } }\n`,
);

const lines: string[] = [];
for (const testCase of CASES) {
  for (let round = 1; round <= ROUNDS; round++) {
    const without = await run(scenarios, testCase, false);
    const withPage = await run(scenarios, testCase, true);
    const share = (withPage.dashboardMs / withPage.busyMs) * 100;
    lines.push(
      `| ${testCase.name} | ${round} | ${without.rps.toFixed(0)} | ${withPage.rps.toFixed(0)} | ${(withPage.rps / without.rps).toFixed(2)}× | ` +
        `${share.toFixed(2)}% | ${withPage.snapshots} | ${(withPage.dashboardMs / Math.max(1, withPage.snapshots)).toFixed(2)} | ` +
        `${without.loopMaxMs.toFixed(0)} / ${withPage.loopMaxMs.toFixed(0)} | ${without.wrong + withPage.wrong} |`,
    );
    console.error(lines.at(-1));
  }
}
rmSync(dir, { recursive: true, force: true });

console.log(
  [
    `# npm run bench:dashboard-cost, ${new Date().toISOString()}`,
    '',
    `wrk -t1 -c${CONNECTIONS} -d${DURATION} on core 1, the simulator on core 0; runs without and with a page alternate.`,
    'req/s and their ratio are wall-clock figures on a shared machine: noisy. The CPU share is from the simulator’s',
    'own profile (frames under server/src/dashboard/ and all they call, over its busy samples) and does not depend on',
    'what else the machine runs.',
    '',
    '| case | round | req/s, no page | req/s, page | ratio (noisy) | dashboard share of CPU | snapshots | dashboard CPU ms per snapshot | worst loop delay ms, no page / page | wrong |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...lines,
  ].join('\n'),
);
