import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MiB = 1024 * 1024;

/**
 * Loads both tokenizers in a process of its own and reports what that added to its memory. The external memory
 * it adds is the tokenizers' WASM memory, which never shrinks: it depends only on what the WASM module holds, so
 * unlike the RSS it is the same in every run. (A TypeScript module is imported first, so that Node's type
 * stripper, whose WASM is external memory too, is counted before.)
 */
const CHILD = `
await import('./server/src/tokens/long-runs.ts');
globalThis.gc();
const before = process.memoryUsage();
const { tokenizerFor } = await import('./server/src/tokens/tokenizer.ts');
for (const name of ['o200k_base', 'cl100k_base']) tokenizerFor(name).count('Hello, world! \\uFEFF 机器学习 🤖');
globalThis.gc();
const after = process.memoryUsage();
process.stdout.write(JSON.stringify({ external: after.external - before.external, heapUsed: after.heapUsed - before.heapUsed }));
`;

test('both tokenizers loaded add under 37 MiB of WASM memory (the full tiktoken build added 41.6)', async (t) => {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--conditions=aoai-sim-source', '--input-type=module', '--eval', CHILD], {
    cwd: new URL('../../../', import.meta.url),
  });
  const memory = JSON.parse(stdout) as { external: number; heapUsed: number };
  t.log(`external ${(memory.external / MiB).toFixed(1)} MiB, heap used ${(memory.heapUsed / MiB).toFixed(1)} MiB`);
  // measured: 41.6 MiB with get_encoding, whose module carries every encoding's ranks; 33.4 with tiktoken/lite
  t.true(memory.external < 37 * MiB, `${(memory.external / MiB).toFixed(1)} MiB`);
  // the ranks' JSON text, read to load them, is not kept
  t.true(memory.heapUsed < 4 * MiB, `${(memory.heapUsed / MiB).toFixed(1)} MiB`);
});
