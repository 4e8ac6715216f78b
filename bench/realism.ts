/**
 * `npm run bench:realism`: how faithfully the simulator holds quotas and cadence under load. Not part of the
 * tests. The simulator runs on core 0, this load generator on core 1 (the npm script pins it with taskset).
 * Prints Markdown and saves it under .bench-results/ (ignored by git). Takes about four minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { realismLimits } from './realism-limits.ts';
import { realismStreams } from './realism-streams.ts';

const header = `# Realism benchmark, ${new Date().toISOString()}\n\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`;
const streams = await realismStreams();
console.log(`${header}\n${streams}\n`);
const limits = await realismLimits();
console.log(`${limits}\n`);
mkdirSync('.bench-results', { recursive: true });
const file = `.bench-results/realism-${new Date().toISOString().replace(/[:.]/g, '-')}.md`;
writeFileSync(file, `${header}\n${streams}\n\n${limits}\n`);
console.log(`saved ${file}`);
