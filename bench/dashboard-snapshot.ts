/**
 * `npm run bench:dashboard-snapshot`: what one dashboard snapshot costs at a load test's worst realistic state:
 * DEPLOYMENTS deployments (half chat, half embeddings) each with 200s, 400s and 429s counted, so that every
 * per-request series exists, the journal full, and 200 new entries (the cap per snapshot) in every snapshot.
 * The simulator runs in this process; a bounded load keeps the journal moving while a page reads SNAPSHOTS
 * snapshots, each telling what the previous one cost to make and serialize (`costMs`): time the event loop held.
 * That is the thread's CPU time, counted by the kernel in ticks: one snapshot's figure is coarse, their mean is
 * not biased. Run it pinned to one core (`npm run` does), and read the figures as ms on this machine.
 */
import { startSimulator } from '../server/src/index.ts';
import type { DashboardSnapshot } from '../server/src/dashboard/index.ts';

const DEPLOYMENTS = Number(process.env.BENCH_DEPLOYMENTS ?? 64);
const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 15);
/** Requests in flight while the page reads: enough that each interval has more than 200 new entries. */
const CONCURRENCY = 8;

const deployments: Record<string, unknown> = {};
for (let i = 0; i < DEPLOYMENTS; i++) {
  deployments[`d${i}`] =
    i % 2 === 0
      ? { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 2_000_000_000, rpm: 120, window: 'per-minute' } }
      : { model: 'text-embedding-3-small', rateLimit: { tpm: 2_000_000_000, rpm: 120, window: 'per-minute' } };
}
const sim = await startSimulator({
  scenarios: { server: { journal: { maxEntries: 1000 } }, deployments } as never,
  logLevel: 'silent',
  watch: false,
});

const call = async (i: number, body: unknown = undefined) => {
  const chat = i % 2 === 0;
  const response = await fetch(`${sim.url}/openai/deployments/d${i}/${chat ? 'chat/completions' : 'embeddings'}?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'bench', 'content-type': 'application/json' },
    body: JSON.stringify(
      body ?? (chat ? { max_tokens: 20, messages: [{ role: 'user', content: `question ${i}` }] } : { input: `text ${i}` }),
    ),
  });
  await response.arrayBuffer();
  return response.status;
};

// every deployment's series: answered (200), refused as invalid (400) and refused by its RPM (429)
for (let i = 0; i < DEPLOYMENTS; i++) {
  await call(i, { messages: 'not a list', input: 42 });
  let status = 200;
  for (let n = 0; n < 200 && status !== 429; n++) status = await call(i);
}

// a bounded load: stops once the page has read its snapshots
let reading = true;
let sent = 0;
const load = Array.from({ length: CONCURRENCY }, async (_, worker) => {
  for (let n = worker; reading && n < 1_000_000; n += CONCURRENCY) {
    await call(n % DEPLOYMENTS);
    sent++;
  }
});

const aborter = new AbortController();
const feed = await fetch(`${sim.url}/__sim/ui/events`, { signal: aborter.signal });
const reader = feed.body!.pipeThrough(new TextDecoderStream()).getReader();
const costs: number[] = [];
const sizes: number[] = [];
const entries: number[] = [];
let buffered = '';
while (costs.length < SNAPSHOTS) {
  const { value, done } = await reader.read();
  if (done) throw new Error('the feed ended');
  buffered += value;
  let end: number;
  while ((end = buffered.indexOf('\n\n')) >= 0) {
    const frame = buffered.slice(0, end);
    buffered = buffered.slice(end + 2);
    const data = frame.split('\n').find((line) => line.startsWith('data: '));
    if (!data) continue;
    const snapshot = JSON.parse(data.slice(6)) as DashboardSnapshot;
    sizes.push(data.length);
    entries.push(snapshot.entries.length);
    if (snapshot.costMs !== null) costs.push(snapshot.costMs);
  }
}
reading = false;
aborter.abort();
await Promise.all(load);
await sim.close();

const sorted = [...costs].sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
console.log(
  [
    `# npm run bench:dashboard-snapshot, ${new Date().toISOString()}`,
    '',
    `${DEPLOYMENTS} deployments, journal of 1000 full, ${sent} requests while the page read ${costs.length} snapshots`,
    '',
    '| snapshot CPU ms, mean | p50 / p90 / max | entries per snapshot (mean) | bytes per snapshot (mean) |',
    '|---|---|---|---|',
    `| ${mean(costs).toFixed(2)} | ${at(0.5).toFixed(2)} / ${at(0.9).toFixed(2)} / ${sorted.at(-1)!.toFixed(2)} | ${mean(entries).toFixed(0)} | ${mean(sizes).toFixed(0)} |`,
  ].join('\n'),
);
