/**
 * `npm run bench:stream-memory`: what one open paced stream costs the simulator, in heap and in RSS, and so how
 * many streams a memory budget holds. The simulator runs in a process of its own (on core 0); this process opens
 * N streams (15,000 by default) to a deployment with a long ITL, each read up to its first token, so that all are
 * mid-stream at once; the simulator's memory after full collections is read with none, a third and all of them
 * open. The figures per stream are the slope between the last two. Raw sockets, as bench:realism's client, so that the client's own sockets are not counted.
 *
 *   npm run bench:stream-memory -- [--streams 15000] [--baseline]
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askStream, pacedSample, startPacedBaseline } from './baseline-paced-server.ts';
import { startSimProcess } from './sim-process.ts';
import { nextToken, rawStreamRequest } from './stream-client.ts';

const argv = process.argv.slice(2);
const at = argv.indexOf('--streams');
const N = at >= 0 ? Number(argv[at + 1]) : 15_000;
if (!(N > 0 && N < 19_000)) throw new Error('--streams: 1 to 19,000 (each needs a socket in each process)');

const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-bench-'));
const memoryFile = join(dir, 'memory.jsonl');
writeFileSync(memoryFile, '');
writeFileSync(
  join(dir, 'scenarios.yaml'),
  'deployments:\n  paced: { model: gpt-4o-2024-08-06, latency: { ttft: 50, itl: 60000 } }\n  warm: { model: gpt-4o-2024-08-06 }\n',
);
process.env.AOAI_SIM_BENCH_MEMORY = memoryFile;
const PROBE_ARGS = ['--expose-gc', '--import', join(import.meta.dirname, 'stream-memory-probe.ts')];
const sim = await startSimProcess(join(dir, 'scenarios.yaml'), '0', PROBE_ARGS);
// --baseline: the same streams from bench/baseline-paced-server.ts, a bare node:http server pacing the
// simulator's own frames, to tell what Node's HTTP server holds per connection from what the simulator adds
const baseline = argv.includes('--baseline')
  ? await startPacedBaseline(dir, await pacedSample(await askStream(sim.url, 'warm')), 50, 60_000, PROBE_ARGS)
  : undefined;
const target = baseline ?? sim;
const port = Number(new URL(target.url).port);

const request = rawStreamRequest(port, 40);

/** A stream read up to its first token, left open. */
function openStream(i: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: `127.0.0.${1 + (i % 4)}` });
    const onData = (data: Buffer) => {
      if (nextToken(data) === -1) return;
      socket.off('data', onData).resume();
      resolve(socket);
    };
    socket.on('data', onData).once('error', reject);
    socket.write(request);
  });
}

let reads = 0;
async function memory(): Promise<{ rss: number; heapUsed: number; external: number }> {
  process.kill(target.child.pid!, 'SIGUSR2');
  for (let waited = 0; waited < 30_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = readFileSync(memoryFile, 'utf8').split('\n').filter(Boolean);
    if (lines.length > reads) return JSON.parse(lines[reads++]!);
  }
  throw new Error('the simulator did not report its memory');
}

const sockets: Socket[] = [];
try {
  // the first streams load what the first request loads (the tokenizer); they are not counted
  for (const socket of await Promise.all(Array.from({ length: 20 }, (_, i) => openStream(i)))) socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const before = await memory();
  const open = async (count: number) => {
    for (let i = sockets.length; i < count; i += 200) {
      const batch = Array.from({ length: Math.min(200, count - i) }, (_, k) => openStream(i + k));
      sockets.push(...(await Promise.all(batch)));
    }
  };
  // a third first, then the rest: the slope between the two excludes what the first streams cost once (the young
  // generation V8 grows under the load of opening them, say), which a division by N would spread over them
  const third = Math.round(N / 3);
  await open(third);
  const some = await memory();
  await open(N);
  const all = await memory();
  const perStream = (key: 'rss' | 'heapUsed') => (all[key] - some[key]) / (N - third);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  console.log(
    `| server | streams open | heap per stream | RSS per stream | RSS with none / ${third.toLocaleString('en')} / ${N.toLocaleString('en')} open | RSS at 50,000 streams, extrapolated |`,
  );
  console.log(`|---|---|---|---|---|---|`);
  console.log(
    `| ${baseline ? 'baseline: node:http' : 'simulator'} | ${N.toLocaleString('en')} | ${kib(perStream('heapUsed'))} | ${kib(perStream('rss'))} | ${mib(before.rss)} / ${mib(some.rss)} / ${mib(all.rss)} | ${mib(all.rss + (50_000 - N) * perStream('rss'))} |`,
  );
} finally {
  for (const socket of sockets) socket.destroy();
  await baseline?.stop();
  await sim.stop();
}
