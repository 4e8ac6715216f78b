/**
 * How cassette replay scales from 10 recorded interactions to 100,000: time to load (read, parse, validate, key
 * and index every file), peak RSS, and the cost per request of a lookup (canonical key + index probe), plus the
 * near-miss report a miss gets. Then JSON against YAML on the same 10,000 interactions.
 *
 * The suite is 1,000 session files of 100 interactions: cassettes are written one per test or named session,
 * and a suite that has grown to 100,000 interactions is mostly recorded runs (evaluations, load profiles) of
 * tens to hundreds of calls each, next to many small per-test files. 1,000 × 100 charges per-file costs
 * (open, read, parse set-up) 10 times more than 100 × 1,000 would. Interactions are chat completions: request
 * bodies of a few hundred bytes over three deployments, one in four streamed (21 events of ~430 bytes each, shaped
 * as the service sends them, content-filter verdicts included, with recorded offsets), the rest with a full
 * non-streamed body. A second 100,000 row streams one in eight, to show how load time follows the volume.
 *
 * Each measurement runs in a child process of its own so that its peak RSS is its own. Load CPU time is shown
 * beside wall time: on a shared machine the wall time also counts other processes. About two minutes in all.
 *
 *   taskset -c 1 node bench/replay-load.ts [--yaml-full]
 *
 * --yaml-full also loads all 100,000 as YAML (minutes) instead of extrapolating from 10,000.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeCassette, type CassetteFormat } from '../server/src/cassettes/cassette-file.ts';
import type { Cassette, Interaction, JsonValue, RecordedRequest } from '../server/src/cassettes/cassette-types.ts';
import { loadCassettes } from '../server/src/cassettes/load-cassettes.ts';
import { nearMisses } from '../server/src/cassettes/near-miss.ts';
import { bodyToChunks } from '../server/src/cassettes/stream-convert.ts';

const PER_FILE = 100;
/** The share of interactions recorded as streams: chat UIs stream, batch and evaluation jobs mostly do not. */
const STREAMED = 0.25;
const LOOKUPS = 20_000;
const LOOKUP_ROUNDS = 7;
const CHILD_TIMEOUT_MS = 180_000;
const DEPLOYMENTS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1'];
const MODELS: Record<string, string> = {
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
};
const WORDS = (
  'the a of to and in is it you that he was for on are with as I his they be at one have this from or had by hot word but what ' +
  'some we can out other were all there when up use your how said an each she which do their time if will way about many then them ' +
  'invoice customer refund order shipping account password delivery weather Paris booking flight hotel summary report meeting'
).split(' ');
const SYSTEMS = [
  'You are a helpful assistant for an online shop. Answer briefly and politely, and never invent order numbers or prices.',
  'You summarise customer support tickets in two sentences. Keep names out of the summary and mention the product concerned.',
  'You are a travel agent. Suggest one option at a time, with its price range, and ask before booking anything.',
  'Extract the requested fields as JSON. Use null for anything the text does not say. Do not add fields.',
  'You answer questions about the internal wiki. Quote the page title you used, and say so when you do not know.',
];
const FILTER = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

interface ChildResult {
  interactions: number;
  files: number;
  loadMs: number;
  loadCpuMs: number;
  peakRssMb: number;
  keyUs: number;
  probeUs: number;
  nearMissColdMs: number;
  nearMissWarmMs: number;
}

/** A seeded generator, so every run measures the same suite. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function interaction(random: () => number, n: number, streamed: number): Interaction {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = (count: number): string => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  const deployment = pick(DEPLOYMENTS);
  const stream = random() < streamed;
  const messages: JsonValue[] = [{ role: 'system', content: pick(SYSTEMS) }];
  if (random() < 0.3) messages.push({ role: 'user', content: `${words(8)}?` }, { role: 'assistant', content: `${words(20)}.` });
  messages.push({ role: 'user', content: `Request ${n}: ${words(12 + Math.floor(random() * 25))}?` });
  const body: Record<string, JsonValue> = { messages, temperature: pick([0, 0.2, 0.7, 1]), max_tokens: pick([256, 512, 1024]) };
  if (random() < 0.2) body.user = `user-${Math.floor(random() * 1000)}`;
  if (stream) Object.assign(body, { stream: true, stream_options: { include_usage: true } });

  const content = `${words(stream ? 16 : 30 + Math.floor(random() * 90))}.`;
  const completion = {
    choices: [
      {
        content_filter_results: FILTER,
        finish_reason: 'stop',
        index: 0,
        logprobs: null,
        message: { annotations: [], content, refusal: null, role: 'assistant' },
      },
    ],
    created: 1758119573 + n,
    id: `chatcmpl-${n.toString(36).padStart(29, 'X')}`,
    model: MODELS[deployment]!,
    object: 'chat.completion',
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: { ...FILTER, jailbreak: { filtered: false, detected: false } } }],
    system_fingerprint: 'fp_9ab7d013ff',
    usage: { completion_tokens: 40, prompt_tokens: 60, total_tokens: 100 },
  };
  const headers = {
    'content-type': stream ? 'text/event-stream; charset=utf-8' : 'application/json',
    'x-ms-region': 'East US',
    'x-ratelimit-remaining-requests': String(Math.floor(random() * 600)),
    'x-ratelimit-remaining-tokens': String(Math.floor(random() * 100_000)),
  };
  const ttft = 150 + Math.floor(random() * 450);
  let offsetMs = ttft;
  const response = stream
    ? {
        status: 200,
        headers,
        chunks: bodyToChunks('chat', completion, { includeUsage: true }).map((chunk, i) => ({
          ...chunk,
          offsetMs: i === 0 ? offsetMs : (offsetMs += 15 + Math.floor(random() * 25)),
        })),
      }
    : { status: 200, headers, durationMs: ttft + 600, body: completion };
  const request: RecordedRequest = {
    method: 'POST',
    operation: 'chat',
    deployment,
    apiVersion: '2024-10-21',
    ...(stream ? { stream } : {}),
    body,
  };
  return { recordedAt: new Date(Date.UTC(2025, 8, 17) + n * 1000).toISOString(), request, response };
}

/** `count` interactions in files of PER_FILE (or one file when fewer); returns the total size in bytes. */
function writeSuite(dir: string, count: number, format: CassetteFormat, streamed: number): number {
  mkdirSync(dir, { recursive: true });
  const random = mulberry32(42);
  let bytes = 0;
  for (let file = 0; file * PER_FILE < count; file++) {
    const interactions = Array.from({ length: Math.min(PER_FILE, count - file * PER_FILE) }, (_, i) =>
      interaction(random, file * PER_FILE + i, streamed),
    );
    const cassette: Cassette = { version: 1, name: `session ${file}`, interactions };
    const path = join(dir, `session-${String(file).padStart(4, '0')}.${format}`);
    writeFileSync(path, serializeCassette(cassette, format));
    bytes += statSync(path).size;
  }
  return bytes;
}

/** The child's part: load `dir`, then time lookups and near misses. */
async function measure(dir: string): Promise<ChildResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { index, files } = await loadCassettes([dir]);
  const loadMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);

  // requests as a client would send them: fresh objects, keys in another order than recorded
  const entries = [...index.targets()].flat();
  const requests = Array.from({ length: LOOKUPS }, (_, i) => {
    const { request } = entries[(i * 7919) % entries.length]!.interaction;
    return { ...request, body: Object.fromEntries(Object.entries(structuredClone(request.body)).reverse()) };
  });
  // the key and the probe are timed apart: the key costs what the request's size costs, the probe is the index
  const keyRounds: number[] = [];
  const probeRounds: number[] = [];
  const keys: string[] = new Array<string>(requests.length);
  for (let round = 0; round < LOOKUP_ROUNDS; round++) {
    index.reset();
    let t = performance.now();
    for (let i = 0; i < requests.length; i++) keys[i] = index.keyOf(requests[i]!);
    keyRounds.push(((performance.now() - t) * 1000) / requests.length);
    t = performance.now();
    let hits = 0;
    for (let i = 0; i < requests.length; i++) if (index.lookup(keys[i]!, { request: requests[i]! })) hits++;
    probeRounds.push(((performance.now() - t) * 1000) / requests.length);
    if (hits !== requests.length) throw new Error(`only ${hits} of ${requests.length} lookups hit`);
  }
  // the best round: what a lookup costs, without the other processes of a shared machine
  const [keyUs, probeUs] = [Math.min(...keyRounds), Math.min(...probeRounds)];

  const missed = structuredClone(requests[0]!);
  const messages = missed.body.messages as { content: string }[];
  messages[messages.length - 1]!.content += ' Thanks!';
  let t = performance.now();
  const misses = nearMisses(index, missed);
  const nearMissColdMs = performance.now() - t;
  t = performance.now();
  nearMisses(index, missed);
  const nearMissWarmMs = performance.now() - t;
  if (misses[0]?.differences !== 1) throw new Error('the near miss should be the request one word away');

  return {
    interactions: index.size,
    files: files.length,
    loadMs,
    loadCpuMs: (user + system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    keyUs,
    probeUs,
    nearMissColdMs,
    nearMissWarmMs,
  };
}

function runChild(dir: string): ChildResult {
  const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir], {
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
  });
  return JSON.parse(output.trim().split('\n').pop()!) as ChildResult;
}

const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The run with the median load time, and the range of load times over all runs. */
function medianRun(runs: ChildResult[]): ChildResult & { minMs: number; maxMs: number } {
  const sorted = [...runs].sort((a, b) => a.loadMs - b.loadMs);
  return { ...sorted[Math.floor(sorted.length / 2)]!, minMs: sorted[0]!.loadMs, maxMs: sorted.at(-1)!.loadMs };
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await measure(process.argv[3]!)));
} else {
  const root = mkdtempSync(join(tmpdir(), 'aoai-sim-replay-bench-'));
  try {
    const sets: { label: string; count: number; format: CassetteFormat; runs: number; streamed: number }[] = [
      { label: 'json-10', count: 10, format: 'json', runs: 3, streamed: STREAMED },
      { label: 'json-100k', count: 100_000, format: 'json', runs: 3, streamed: STREAMED },
      { label: 'json-100k-fewer-streams', count: 100_000, format: 'json', runs: 3, streamed: STREAMED / 2 },
      { label: 'json-10k', count: 10_000, format: 'json', runs: 3, streamed: STREAMED },
      { label: 'yaml-10k', count: 10_000, format: 'yaml', runs: 1, streamed: STREAMED },
      ...(process.argv.includes('--yaml-full')
        ? [{ label: 'yaml-100k', count: 100_000, format: 'yaml' as const, runs: 1, streamed: STREAMED }]
        : []),
    ];
    type Row = ReturnType<typeof medianRun> & { format: string; mb: number; runs: number; streamed: number };
    const rows: Row[] = [];
    for (const set of sets) {
      const dir = join(root, set.label);
      const t = performance.now();
      const bytes = writeSuite(dir, set.count, set.format, set.streamed);
      console.error(
        `${set.label}: wrote ${readdirSync(dir).length} files, ${fmt(bytes / 2 ** 20, 1)} MB in ${fmt((performance.now() - t) / 1000, 1)} s; loading ×${set.runs}…`,
      );
      const runs = Array.from({ length: set.runs }, () => runChild(dir));
      rows.push({ ...medianRun(runs), format: set.format, mb: bytes / 2 ** 20, runs: set.runs, streamed: set.streamed });
      rmSync(dir, { recursive: true, force: true });
    }

    console.log(
      `\nNode ${process.version}, ${PER_FILE} interactions per file; load: median of the runs (range), CPU of that run; lookup: best of ${LOOKUP_ROUNDS} rounds of ${fmt(LOOKUPS)}\n`,
    );
    console.log(
      '| interactions | streamed | format | files | on disk | load (wall) | load (CPU) | peak RSS | key / request | index probe / request | near miss (first / next) |',
    );
    console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      const range = row.runs > 1 ? ` (${fmt(row.minMs)}–${fmt(row.maxMs)})` : '';
      console.log(
        `| ${fmt(row.interactions)} | ${fmt(row.streamed * 100)}% | ${row.format} | ${fmt(row.files)} | ${fmt(row.mb, 1)} MB | ${fmt(row.loadMs)} ms${range} | ${fmt(row.loadCpuMs)} ms | ${fmt(row.peakRssMb)} MB | ${fmt(row.keyUs, 2)} µs | ${fmt(row.probeUs, 2)} µs | ${fmt(row.nearMissColdMs, 1)} / ${fmt(row.nearMissWarmMs, 1)} ms |`,
      );
    }
    const find = (format: string, interactions: number): Row =>
      rows.find((row) => row.format === format && row.interactions === interactions && row.streamed === STREAMED)!;
    const [small, large] = [find('json', 10), find('json', 100_000)];
    const ratio = (a: number, b: number): string => `${fmt(a / b, 2)}×`;
    console.log(
      `\nper request, 100,000 / 10: key ${ratio(large.keyUs, small.keyUs)}, index probe ${ratio(large.probeUs, small.probeUs)}, both ${ratio(large.keyUs + large.probeUs, small.keyUs + small.probeUs)}`,
    );
    const [json, yaml] = [find('json', 10_000), find('yaml', 10_000)];
    console.log(`YAML / JSON load time at 10,000: ${fmt(yaml.loadMs / json.loadMs, 1)}×`);
    const yamlFull = rows.find((row) => row.format === 'yaml' && row.interactions === 100_000);
    console.log(
      yamlFull
        ? `YAML at 100,000: ${fmt(yamlFull.loadMs / 1000, 1)} s`
        : `YAML at 100,000, extrapolated from 10,000: ~${fmt((yaml.loadMs * 10) / 1000, 0)} s (--yaml-full measures it)`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
