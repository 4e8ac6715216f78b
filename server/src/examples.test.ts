import test from 'ava';
import { cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssue } from './config/config-error.ts';
import { startServer } from './server.ts';
import { tempTree } from './test-support/temp-tree.ts';

const EXAMPLES = fileURLToPath(new URL('../../scenarios/examples/', import.meta.url));

// The only test in this file: it changes the working folder of its own worker process.
test('every example starts the simulator from an empty working folder', async (t) => {
  const folder = await tempTree(t, {});
  // copied as a user would copy them, with the shared files the examples include, and nothing else
  await cp(EXAMPLES, folder, { recursive: true });
  const examples = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
  t.true(examples.length >= 10, examples.join(', '));
  const previous = process.cwd();
  process.chdir(folder);
  t.teardown(() => process.chdir(previous));

  const failures: string[] = [];
  for (const name of examples) {
    try {
      // as `aoai-sim --scenarios NAME` starts it, with nothing from this machine's environment
      const sim = await startServer({ scenarios: name, env: {}, host: '127.0.0.1', port: 0, watch: false, logLevel: 'silent' });
      const health = await fetch(`${sim.url}/healthz`);
      if (health.status !== 200) failures.push(`${name}: /healthz answered ${health.status}`);
      await sim.close();
    } catch (error) {
      const issues = (error as { issues?: Parameters<typeof formatIssue>[0][] }).issues;
      failures.push(`${name}: ${issues ? issues.map(formatIssue).join('; ') : (error as Error).message}`);
    }
  }
  t.deepEqual(failures, []);
});
