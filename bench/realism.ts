/**
 * `npm run bench:realism`: how faithfully the simulator holds quotas and cadence under load. Not part of the
 * tests. The simulator runs on core 0, this load generator on core 1 (the npm script pins it with taskset).
 * Prints Markdown and saves it under .bench-results/ (ignored by git). By default, the stream cases of 1,000 and
 * 10,000 streams (6 and 9 s of ramp and streaming each, plus the simulator's start; 15 and 45-75 s on a busy
 * machine), then three minutes of quota.
 *
 *   npm run bench:realism -- [--streams 1000,10000,50000] [--client raw|http] [--streams-only] [--baseline]
 *
 * The 50,000-stream case streams for 65 s; past the open-file limit (ulimit -n) a case runs the simulator with
 * workers and the load generator as several processes (bench/realism-streams.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { realismLimits } from './realism-limits.ts';
import { realismStreams, streamsOptions } from './realism-streams.ts';

const args = process.argv.slice(2);
const header = `# Realism benchmark, ${new Date().toISOString()}\n\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`;
const streams = await realismStreams(streamsOptions(args));
console.log(`${header}\n${streams}\n`);
const limits = args.includes('--streams-only') ? '' : await realismLimits();
if (limits) console.log(`${limits}\n`);
mkdirSync('.bench-results', { recursive: true });
const file = `.bench-results/realism-${new Date().toISOString().replace(/[:.]/g, '-')}.md`;
writeFileSync(file, `${header}\n${streams}\n\n${limits}\n`);
console.log(`saved ${file}`);
