/**
 * `npm run soak`: the simulator under a steady load for ten minutes (issue 15, "Keeping it fixed"): a fixed rate
 * of mixed, valid requests (streams, and clients that leave mid-stream included), RSS and open descriptors sampled
 * every 10 s with the journal and the metrics. Passes when, after the warm-up, RSS stays within ±5% of its mean,
 * descriptors stay flat and no request went wrong. The simulator runs on core 0, this load on core 1. Prints the
 * series as a Markdown table and saves it under .bench-results/. See docs/fuzz-and-soak.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pinSelf } from './harness/pinning.ts';
import { nowMs } from './harness/proc-stats.ts';
import { SimChild } from './harness/sim-child.ts';
import { duration } from './run/options.ts';
import { Sampler, type SoakSample } from './soak/samples.ts';
import { SteadyLoad } from './soak/steady-load.ts';
import { judgeSoak, seriesTable } from './soak/verdict.ts';

const SOAK_SCENARIOS = fileURLToPath(new URL('./scenarios/soak.yaml', import.meta.url));

const USAGE = `Usage: npm run soak -- [options]

  --duration D     how long the load runs (default 10m)
  --rate N         requests per second (default 200)
  --warmup D       the start left out of the verdict (default 4m: the caches fill to their bounds)
  --sample D       how often to sample (default 10s)
  --rss-band P     RSS after warm-up stays within ±P% of its mean (default 5)
  --fd-spread N    after warm-up, other descriptors vary by at most N, sockets beyond connections rise at most N (default 16)
  --in-flight N    the most requests in flight before the load counts itself behind (default 512)
  --no-pin         do not pin the simulator and the load to separate cores`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10m' },
      rate: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '4m' },
      sample: { type: 'string', default: '10s' },
      'rss-band': { type: 'string', default: '5' },
      'fd-spread': { type: 'string', default: '16' },
      'in-flight': { type: 'string', default: '512' },
      'no-pin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return print(USAGE, 0);
  const [durationMs, warmupMs, sampleMs] = [duration(values.duration), duration(values.warmup), duration(values.sample)];
  const rate = Number(values.rate);
  const pinned = !values['no-pin'] && pinSelf('1');
  const keys = { api: `soak-${randomBytes(8).toString('hex')}`, admin: `soak-admin-${randomBytes(8).toString('hex')}` };
  const workDir = mkdtempSync(join(tmpdir(), 'aoai-sim-soak-'));
  const sim = await SimChild.start({
    scenarios: SOAK_SCENARIOS,
    // the log at info, as users run it: one line per request, to a file
    env: { AOAI_SIM_API_KEY: keys.api, AOAI_SIM_ADMIN_KEY: keys.admin },
    logFile: join(workDir, 'simulator.log'),
    ...(pinned ? { core: '0' } : {}),
  });
  console.log(
    `soak: ${rate} req/s for ${durationMs / 1000} s against pid ${sim.pid}${pinned ? ' (simulator on core 0, load on core 1)' : ''}; warm-up ${warmupMs / 1000} s, a sample every ${sampleMs / 1000} s`,
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const load = new SteadyLoad(sim.port, agent, keys.api, rate, Number(values['in-flight']));
  const sampler = new Sampler(sim.pid, sim.port, keys.admin);
  const samples: SoakSample[] = [];
  const started = nowMs();
  load.start();
  // one sample at the end of each whole interval, timed from the start so that sampling never drifts
  for (let k = 1; k * sampleMs <= durationMs && !sim.exit; k++) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + k * sampleMs - nowMs())));
    if (sim.exit) break;
    const sample = await sampler.sample(Math.round((nowMs() - started) / 1000), load.take(), load.totalErrors, load.openConnections());
    samples.push(sample);
    console.log(
      `  ${sample.atS} s: RSS ${sample.rssMiB} MiB, ${sample.fds} fds (${sample.connections} connections), ${sample.answered} answered, ${sample.left} left mid-stream, ${sample.errorsSoFar} errors so far, p99 ${sample.p99Ms} ms`,
    );
  }
  await load.stop();
  sampler.close();
  agent.destroy();
  const crashed = sim.exit ? `${sim.exit.signal ?? `code ${sim.exit.code}`}: ${sim.stderrTail().slice(-500)}` : undefined;
  if (!crashed) await sim.stop();
  rmSync(workDir, { recursive: true, force: true });

  const verdict = judgeSoak(
    samples,
    { warmupS: warmupMs / 1000, rssBand: Number(values['rss-band']) / 100, fdSpread: Number(values['fd-spread']) },
    load.totalErrors,
    crashed,
  );
  const errors = [...load.errors].map(([kind, { count, example }]) => `- ${kind}: ${count} (first: ${example})`);
  const report = [
    `# Soak: ${rate} req/s for ${durationMs / 1000} s, warm-up ${warmupMs / 1000} s (${new Date().toISOString()})`,
    '',
    seriesTable(samples, sampleMs / 1000),
    '',
    `After warm-up: RSS mean ${verdict.rssMeanMiB} MiB (min ${verdict.rssMinMiB}, max ${verdict.rssMaxMiB}), other descriptors ${verdict.otherFdsMin}-${verdict.otherFdsMax}, sockets beyond the load's connections ${verdict.socketsBeyondMedian} (median) to ${verdict.socketsBeyondMax}.`,
    ...(errors.length > 0 ? ['', 'Errors:', ...errors] : []),
    '',
    verdict.passed ? 'PASSED' : `FAILED:\n${verdict.reasons.map((reason) => `- ${reason}`).join('\n')}`,
  ].join('\n');
  console.log(`\n${report}`);
  mkdirSync('.bench-results', { recursive: true });
  const file = join('.bench-results', `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(file, `${report}\n`);
  console.log(`\nsaved: ${file}`);
  return verdict.passed ? 0 : 1;
}

function print(text: string, code: number): number {
  console.log(text);
  return code;
}

process.exitCode = await main();
