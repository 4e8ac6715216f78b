/**
 * What each bounded store of `server.memory` (and the journal) costs at its default bound, measured: an
 * in-process simulator on the schema's defaults is warmed up (its journal filled, so that it stays level), then one
 * store is filled to its bound through the API by distinct requests, and the heap held is read after a full
 * collection. Each store in a fresh child process (with --expose-gc), so that one's garbage cannot count for
 * another. Prints, per store: the entries and bytes it counts (/metrics), the heap it holds, and the ratio. The
 * heap held includes what the distinct texts cost elsewhere: the tokenizer's count cache keeps a count per text up
 * to 4,096 characters (at most 20,000 texts or 8 MiB per tokenizer).
 *
 *   node --expose-gc bench/store-budgets.ts            (npm run bench:stores)
 *   node --expose-gc bench/store-budgets.ts answer_cache
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseExposition, sampleValue } from '../server/src/metrics/index.ts';
import { startSimulator, type RunningSimulator } from '../server/src/server.ts';

const MiB = 1024 * 1024;
/** Requests in flight at once while filling: enough to keep the in-process server busy, few enough to keep little garbage alive. */
const CONCURRENCY = 16;

interface Fill {
  /** How the store is named on /metrics. */
  store: string;
  /** The requests that fill it (the default bound's worth), each distinct. */
  count: number;
  send(sim: RunningSimulator, n: number): Promise<Response>;
  /** server.memory for this fill, where another store would otherwise grow with it. */
  memory?: Record<string, unknown>;
}

/** A JSON POST to the simulator, as every fill sends it. */
const post = (sim: RunningSimulator, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const chat = (sim: RunningSimulator, content: string, headers: Record<string, string> = {}) =>
  post(
    sim,
    '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    { messages: [{ role: 'user', content }], max_tokens: 50 },
    headers,
  );

/**
 * About 1,500 tokens of distinct text: past the 1,024 tokens from which the prompt cache keeps a prefix per 128
 * tokens, and over the 4,096 characters up to which the tokenizer keeps a text's count.
 */
const longPrompt = (n: number) => Array.from({ length: 500 }, (_, i) => `word${(n * 7919 + i * 104729) % 1_000_003}`).join(' ');

const FILLS: Fill[] = [
  // the journal's default (1,000 entries, 16 MiB) is filled by every other fill's warm-up: measured apart here, with
  // one body, so that no other store grows with it
  { store: 'journal', count: 1000, send: (sim) => chat(sim, 'Tell me about the history of the bicycle.') },
  { store: 'answer_cache', count: 10_000, send: (sim, n) => chat(sim, `Tell me about the history of bicycle number ${n}.`) },
  {
    store: 'prompt_cache',
    // each prompt keeps a prefix per 128 tokens past its first 1,024; the answers are not kept (one entry), or
    // their long keys would be most of what is measured
    count: 10_000,
    send: (sim, n) => chat(sim, longPrompt(n)),
    memory: { answerCache: { maxEntries: 1 } },
  },
  {
    store: 'stored_responses',
    count: 2000,
    send: (sim, n) =>
      post(sim, '/openai/v1/responses', { model: 'gpt-4o', input: `Summarize order ${n} for the customer.`, max_output_tokens: 50 }),
  },
  {
    store: 'video_jobs',
    count: 1000,
    send: (sim, n) =>
      post(sim, '/openai/v1/videos', {
        model: 'sora-2',
        prompt: `A paper boat on pond number ${n}, at dawn`,
        seconds: '4',
        size: '1280x720',
      }),
  },
  { store: 'test_ids', count: 10_000, send: (sim, n) => chat(sim, 'step', { 'x-sim-test-id': `checkout-flow-${n}` }) },
];

const SCENARIOS = {
  deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' }, 'sora-2': { model: 'sora-2' } },
  scenarios: [
    {
      name: 'steps',
      match: { lastUserMessage: { equals: 'step' } },
      sequence: { responses: [{ content: 'first' }, { content: 'second' }] },
    },
  ],
};

async function sendAll(sim: RunningSimulator, fill: Fill, from: number, count: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const response = await fill.send(sim, next++);
      if (!response.ok) throw new Error(`${fill.store}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function heapUsed(): Promise<number> {
  // twice, with a turn between: what a collection frees can let the next free more (weak maps, finalizers)
  for (let i = 0; i < 3; i++) {
    globalThis.gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

async function child(store: string): Promise<void> {
  const fill = FILLS.find((f) => f.store === store);
  if (!fill || !globalThis.gc) throw new Error(`run as: node --expose-gc bench/store-budgets.ts ${store}`);
  const scenarios = { ...SCENARIOS, ...(fill.memory ? { server: { memory: fill.memory } } : {}) };
  const sim = await startSimulator({ scenarios: scenarios as never, watch: false, logLevel: 'silent' });
  try {
    // warm: modules loaded, code compiled, the journal full (but for the journal's own fill) and level
    const warm: Fill = { store: 'warm-up', count: 0, send: (s, n) => chat(s, n % 2 ? 'warm' : 'up') };
    await sendAll(sim, warm, 0, fill.store === 'journal' ? 50 : 1200);
    const before = await heapUsed();
    await sendAll(sim, fill, 1, fill.count);
    const after = await heapUsed();
    const metrics = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
    const read = (name: string) =>
      store === 'journal' ? sampleValue(metrics, `aoai_sim_journal_${name}`) : sampleValue(metrics, `aoai_sim_store_${name}`, { store });
    const entries = read('entries') ?? NaN;
    const bytes = read('bytes') ?? NaN;
    const held = after - before;
    console.log(
      `| ${store} | ${fill.count.toLocaleString('en')} | ${entries.toLocaleString('en')} | ${(bytes / MiB).toFixed(2)} | ${(held / MiB).toFixed(2)} | ${Math.round(held / entries)} | ${(held / bytes).toFixed(2)} |`,
    );
  } finally {
    await sim.close();
  }
}

const only = process.argv[2];
if (process.argv.includes('--child')) {
  await child(process.argv[process.argv.indexOf('--child') + 1]!);
} else {
  console.log(`# node bench/store-budgets.ts, ${new Date().toISOString()}, Node ${process.version}\n`);
  console.log('| store | requests sent | entries kept | bytes counted (MiB) | heap held (MiB) | heap per entry (B) | heap ÷ counted |');
  console.log('|---|---|---|---|---|---|---|');
  for (const fill of FILLS.filter((f) => only === undefined || f.store === only)) {
    execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', fill.store], {
      stdio: 'inherit',
      timeout: 600_000,
    });
  }
}
