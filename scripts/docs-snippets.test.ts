/**
 * Every block of the README and the guides that can run here does, so the docs cannot rot: shell blocks against
 * a simulator started for the page, TypeScript blocks compiled (strict, the repository's settings) and run,
 * Python blocks run with the openai SDK where it is importable, scenarios documents validated. A block that
 * cannot run here says why in a marker (see docs-snippets/fenced-blocks.ts); the log lists those.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fencedBlocks } from './docs-snippets/fenced-blocks.ts';
import { runPage } from './docs-snippets/page-runner.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
/** Pages run at once: each starts simulators and Node processes, and the machine may have two cores. */
const CONCURRENT_PAGES = 3;
const PAGES = [
  'README.md',
  ...readdirSync(new URL('../docs/', import.meta.url))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

for (const page of PAGES) {
  test(`${page}: its blocks run, compile or validate, or say why not`, async (t) => {
    // a page waits its turn, then each of its blocks is bounded (page-runner.ts): this bounds the whole
    t.timeout(600_000);
    const { blocks, problems } = fencedBlocks(page, readFileSync(new URL(page, new URL('../', import.meta.url)), 'utf8'));
    t.deepEqual(problems, []);
    const report = await inTurn(() => runPage(REPO, page, blocks));
    t.log(`${report.ran.length} run or checked, ${report.skipped.length} not run`);
    for (const docker of report.docker) t.log(`docker: ${docker}`);
    for (const skipped of report.skipped) t.log(`not run: ${skipped}`);
    if (report.failures.length > 0) t.fail(`${report.failures.length} failed:\n\n${report.failures.join('\n\n')}`);
    else t.pass();
  });
}

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `work` once fewer than CONCURRENT_PAGES pages are running; a page that finishes hands its turn on. */
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running < CONCURRENT_PAGES) running++;
  else await new Promise<void>((go) => waiting.push(go));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}
