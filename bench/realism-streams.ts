/**
 * Chunk timing of paced streams under many concurrent streams, end to end over HTTP: the simulator on one core,
 * this load generator on the other. Each stream asks for CHUNKS tokens at one token per chunk with a fixed ITL.
 * The cadence error is each gap between consecutive content chunks minus the ITL; the TTFT error is the first
 * content chunk's arrival minus (send time + TTFT). Streams start spread over RAMP_MS, as a load test ramps up.
 * Reports p50/p99/max of both, the simulator's peak RSS, and this generator's own CPU use (so a saturated
 * generator shows, rather than passing for a slow server).
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimProcess } from './sim-process.ts';

const CHUNKS = 40;
const ITL_MS = 100;
const TTFT_MS = 300;
/** Streams start spread over this long, as a load test ramps up; gaps after it are the steady state. */
const rampMs = (count: number) => Math.max(2000, count / 2);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function stream(url: string, agent: Agent, errors: Array<[number, number]>, ttftErrors: number[]): Promise<void> {
  const sentAt = performance.now();
  const body = JSON.stringify({ stream: true, max_tokens: CHUNKS, messages: [{ role: 'user', content: 'Tell me a long story.' }] });
  return new Promise((resolve, reject) => {
    const req = request(`${url}/openai/deployments/paced/chat/completions?api-version=2024-10-21`, { method: 'POST', agent, headers: { 'api-key': 'bench', 'content-type': 'application/json' } }, (res) => {
      let previous: number | undefined;
      let index = 0;
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        const now = performance.now();
        pending += text;
        let end: number;
        while ((end = pending.indexOf('\n\n')) !== -1) {
          const frame = pending.slice(0, end);
          pending = pending.slice(end + 2);
          if (!frame.includes('"delta":{"content":"') || frame.includes('"delta":{"content":"","refusal"')) continue;
          if (previous === undefined) ttftErrors.push(now - sentAt - TTFT_MS);
          else errors.push([now, now - previous - ITL_MS]);
          previous = now;
          index++;
        }
      });
      res.on('end', () => (index === CHUNKS ? resolve() : reject(new Error(`a stream ended after ${index} of ${CHUNKS} chunks`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function realismStreams(counts = [1000, 10_000]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-bench-'));
  writeFileSync(join(dir, 'scenarios.yaml'), `deployments:\n  paced: { model: gpt-4o-2024-08-06, latency: { ttft: ${TTFT_MS}, itl: ${ITL_MS} } }\n`);
  const rows: string[] = [];
  for (const count of counts) {
    const sim = await startSimProcess(join(dir, 'scenarios.yaml'), '0');
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    try {
      const errors: Array<[number, number]> = [];
      const ttftErrors: number[] = [];
      const failures: string[] = [];
      const cpu = process.cpuUsage();
      const started = performance.now();
      const streams: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const at = started + (i * rampMs(count)) / count;
        const wait = at - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        streams.push(stream(sim.url, agent, errors, ttftErrors).catch((error: Error) => void failures.push(error.message)));
      }
      await Promise.all(streams);
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const sorted = errors.map(([, error]) => error).sort((a, b) => a - b);
      const steady = errors
        .filter(([at]) => at > started + rampMs(count) + 500)
        .map(([, error]) => error)
        .sort((a, b) => a - b);
      const ttft = ttftErrors.sort((a, b) => a - b);
      const generatorCpu = ((used.user + used.system) / 1000 / wall) * 100;
      rows.push(
        `| ${count} | ${percentile(steady, 50).toFixed(2)} / ${percentile(steady, 99).toFixed(2)} (${steady.length}) | ${percentile(sorted, 50).toFixed(2)} / ${percentile(sorted, 99).toFixed(2)} / ${(sorted[sorted.length - 1] ?? NaN).toFixed(1)} (${sorted.length}) | ${percentile(ttft, 50).toFixed(1)} / ${percentile(ttft, 99).toFixed(1)} | ${sim.peakRssMiB().toFixed(0)} | ${generatorCpu.toFixed(0)}% | ${failures.length}${failures[0] ? ` (${failures[0]})` : ''} |`,
      );
    } finally {
      agent.destroy();
      await sim.stop();
    }
  }
  return [
    `Chunk arrival against the cadence over HTTP (TTFT ${TTFT_MS} ms, then one token per chunk every ${ITL_MS} ms, ${CHUNKS} chunks per stream; streams start spread over max(2 s, count/2 ms))`,
    '',
    '| concurrent streams | gap error after the ramp, p50 / p99 ms (gaps) | gap error, all: p50 / p99 / max ms (gaps) | TTFT error p50 / p99 (ms) | simulator peak RSS (MiB) | load generator CPU | failed streams |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (import.meta.main) console.log(await realismStreams(process.argv.slice(2).map(Number).filter(Boolean).length ? process.argv.slice(2).map(Number) : undefined));
