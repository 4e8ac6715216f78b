/**
 * Whether the request journal's heap stays flat at its bounds however many requests go through it, and how close
 * its byte accounting comes to the heap it really holds. Each run is a child process of its own (with
 * --expose-gc, so every reading follows a full collection) printing heapUsed and RSS every 20,000 requests:
 *
 *   bound-by-bytes:   200,000 chat requests (2 KB request body, 1 KB answer, the headers openai-node sends)
 *                     into maxEntries 10,000 / maxBytes 16 MiB, the defaults' scale; the bytes bind first.
 *   bound-by-entries: the same into maxEntries 10,000 / maxBytes 256 MiB; the entry count binds.
 *   oversized:        40,000 requests with 64 KB request bodies and 256 KB answers, each a fresh string, cut to
 *                     the 16 KiB body cap: flat only if a cut body holds none of the original (V8 slices would).
 *   overhead:         60,000 entries with no bodies under no effective bound: the heap per entry, against what
 *                     the journal counts for it (ENTRY_OVERHEAD_BYTES plus its strings).
 *   control:          bound-by-bytes with maxEntries 1: the same work and garbage, next to nothing kept. The RSS
 *                     it reaches is what V8 keeps reserved for the churn, not what the journal holds.
 *
 *   node bench/journal-memory.ts
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ENTRY_OVERHEAD_BYTES, Journal, type JournalInput } from '../server/src/journal/index.ts';

const MiB = 1024 * 1024;
const REPORT_EVERY = 20_000;
const CHILD_TIMEOUT_MS = 300_000;

interface Run {
  name: string;
  requests: number;
  maxEntries: number;
  maxBytes: number;
  requestBytes: number;
  responseBytes: number;
}

const RUNS: Run[] = [
  { name: 'bound-by-bytes', requests: 200_000, maxEntries: 10_000, maxBytes: 16 * MiB, requestBytes: 2048, responseBytes: 1024 },
  { name: 'bound-by-entries', requests: 200_000, maxEntries: 10_000, maxBytes: 256 * MiB, requestBytes: 2048, responseBytes: 1024 },
  { name: 'oversized', requests: 40_000, maxEntries: 10_000, maxBytes: 16 * MiB, requestBytes: 64 * 1024, responseBytes: 256 * 1024 },
  { name: 'overhead', requests: 60_000, maxEntries: 60_000, maxBytes: 1024 * MiB, requestBytes: 0, responseBytes: 0 },
  { name: 'control', requests: 200_000, maxEntries: 1, maxBytes: 16 * MiB, requestBytes: 2048, responseBytes: 1024 },
];

const HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  accept: 'application/json',
  'api-key': '0123456789abcdef0123456789abcdef',
  'user-agent': 'AzureOpenAI/JS 5.8.2',
  'x-stainless-lang': 'js',
  'x-stainless-package-version': '5.8.2',
  'x-stainless-os': 'Linux',
  'x-stainless-arch': 'x64',
  'x-stainless-runtime': 'node',
  'x-stainless-runtime-version': 'v24.12.0',
  'x-stainless-retry-count': '0',
  'x-stainless-timeout': '600',
  'x-ms-client-request-id': '6f1c2a9e-0d5b-4b7e-9f0a-3c2d1e4f5a6b',
  'x-test-id': 'checkout-flow',
};
const WORDS = 'the order refund customer shipping invoice account delivery booking summary report weather flight hotel price'.split(' ');

/** 997 (a prime, so that picks cycle slowly) different 64-byte runs of words to build bodies from. */
const PIECES = Array.from({ length: 997 }, (_, p) => {
  let piece = '';
  for (let i = 0; piece.length < 64; i++) piece += `${WORDS[(p + i * 7) % WORDS.length]}${(p * 31 + i) % 1000} `;
  return piece.slice(0, 64);
});

/**
 * `bytes` of text, different for every `n`, and a string of its own, as a body read off a socket is: join copies
 * its parts into a new flat string, where a slice or a concatenation of shared strings would share their memory.
 */
function prose(n: number, bytes: number): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.floor(bytes / 64); i++) parts.push(PIECES[(n * 13 + i * 7) % PIECES.length] ?? '');
  parts.push((PIECES[n % PIECES.length] ?? '').slice(0, bytes % 64));
  return parts.join('');
}

/** A chat request of about `requestBytes` of JSON and an answer of about `responseBytes`. */
function request(n: number, run: Run): JournalInput {
  const content = run.requestBytes === 0 ? undefined : prose(n, run.requestBytes - 180);
  return {
    time: new Date(1_750_000_000_000 + n * 10).toISOString(),
    requestId: `0d9f${n.toString(16).padStart(8, '0')}-5c1e-4a7b-8d2f-9e3b1c4a5d6e`,
    method: 'POST',
    path: '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    deployment: 'gpt-4o',
    operation: 'chat',
    apiVersion: '2024-10-21',
    testId: `test-${n % 50}`,
    stream: n % 4 === 0,
    status: n % 20 === 0 ? 429 : 200,
    request: {
      // Fresh strings, as Node's HTTP parser makes for every request: shared ones would flatter the heap.
      headers: JSON.parse(JSON.stringify(HEADERS)) as Record<string, string>,
      ...(content === undefined
        ? {}
        : {
            body: {
              messages: [
                { role: 'system', content: 'You are a helpful assistant.' },
                { role: 'user', content },
              ],
              max_tokens: 400,
              temperature: 0.2,
            },
          }),
    },
    response:
      run.responseBytes === 0
        ? {}
        : { body: `{"id":"chatcmpl-${n}","choices":[{"message":{"content":"${prose(n + 1, run.responseBytes - 60)}"}}]}` },
    tokens: { prompt: 512, completion: 256, estimate: 700 },
    limiter: n % 20 === 0 ? { decision: 'refused', limit: 'token', retryAfterMs: 1200 } : { decision: 'admitted' },
    latency: { ttftMs: 180, totalMs: 900 },
  };
}

function heap(): { heapUsed: number; rss: number; heapTotal: number; external: number } {
  globalThis.gc?.();
  const { heapUsed, rss, heapTotal, external } = process.memoryUsage();
  return { heapUsed, rss, heapTotal, external };
}

const mib = (bytes: number): string => (bytes / MiB).toFixed(1).padStart(7);

function child(run: Run): void {
  if (!globalThis.gc) throw new Error('run the child with --expose-gc');
  const journal = new Journal({ maxEntries: run.maxEntries, maxBytes: run.maxBytes });
  const base = heap();
  console.log(
    `\n${run.name}: ${run.requests.toLocaleString('en')} requests, maxEntries ${run.maxEntries.toLocaleString('en')}, maxBytes ${run.maxBytes / MiB} MiB`,
  );
  console.log(`  baseline heapUsed ${mib(base.heapUsed)} MiB, RSS ${mib(base.rss)} MiB`);
  console.log('  requests   entries  accounted  dropped   heapUsed  (Δ base) heapTotal  external       RSS');
  const every = Math.min(REPORT_EVERY, run.requests / 4);
  for (let n = 1; n <= run.requests; n++) {
    journal.record(request(n, run));
    if (n % every === 0) {
      const { entries, bytes, dropped } = journal.stats();
      const now = heap();
      console.log(
        `  ${n.toLocaleString('en').padStart(8)}  ${entries.toLocaleString('en').padStart(8)}  ${mib(bytes)} M  ${dropped.toLocaleString('en').padStart(7)}  ${mib(now.heapUsed)} M  ${mib(now.heapUsed - base.heapUsed)} M  ${mib(now.heapTotal)} M ${mib(now.external)} M  ${mib(now.rss)} M`,
      );
    }
  }
  const { entries, bytes } = journal.stats();
  const held = heap().heapUsed - base.heapUsed;
  console.log(
    `  per entry: accounted ${Math.round(bytes / entries)} B (overhead ${ENTRY_OVERHEAD_BYTES} B), heap ${Math.round(held / entries)} B: heap/accounted ${(held / bytes).toFixed(2)}`,
  );
}

const childName = process.argv.indexOf('--child');
if (childName >= 0) {
  const run = RUNS.find(({ name }) => name === process.argv[childName + 1]);
  if (!run) throw new Error(`no run named ${process.argv[childName + 1]}`);
  child(run);
} else {
  for (const run of RUNS) {
    execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', run.name], {
      stdio: 'inherit',
      timeout: CHILD_TIMEOUT_MS,
    });
  }
}
