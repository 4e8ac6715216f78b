import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { AzureOpenAI } from 'openai';
import { buildUiIfStale } from '../ui/build.ts';
import { tempTree } from '../src/test-support/temp-tree.ts';
import { BUNDLE_PATH, buildBundleIfStale } from './build.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

test.before(async () => {
  await buildUiIfStale();
  await buildBundleIfStale();
});

/** `node server/dist/aoai-sim.cjs ARGS`, as the image runs it, from a directory other than the repository's. */
function runBundle(t: ExecutionContext, args: string[], cwd: string) {
  const child = spawn(process.execPath, [BUNDLE_PATH, ...args], { cwd, env: { PATH: process.env.PATH, LOG_FORMAT: 'json' } });
  t.teardown(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const url = /listening on (http:\/\/[^ ]+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    void exited.then((code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
  });
  listening.catch(() => {}); // a run that is not meant to listen
  return { listening, exited, output: () => ({ stdout, stderr }) };
}

test('the bundle serves the embedded default scenarios: a chat answer through the openai SDK, and the dashboard', async (t) => {
  const cwd = await tempTree(t, {});
  const url = await runBundle(t, ['--host', '127.0.0.1', '--port', '0'], cwd).listening;
  const client = new AzureOpenAI({ endpoint: url, apiKey: 'any-key', apiVersion: '2024-10-21', deployment: 'gpt-4o', maxRetries: 0 });
  const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello' }] });
  t.is(completion.model, 'gpt-4o-2024-08-06');
  t.true((completion.choices[0]?.message.content ?? '').length > 0);
  // counted by the model's tokenizer, which the bundle leaves to node_modules with its WASM
  t.is(completion.usage?.prompt_tokens, 9);

  const page = await fetch(`${url}/__sim/ui`);
  t.is(page.status, 200);
  t.regex(page.headers.get('content-type') ?? '', /^text\/html/);
});

test('the bundle checks a scenarios file against the schema and reports the version of the package', async (t) => {
  const cwd = await tempTree(t, {
    'scenarios.yaml': 'deployments:\n  gpt-4o:\n    model: gpt-4o-2024-08-06\n    rateLimit: { tpm: many }\n',
  });
  const invalid = runBundle(t, ['--scenarios', 'scenarios.yaml', '--port', '0'], cwd);
  t.is(await invalid.exited, 1);
  t.regex(invalid.output().stderr, /scenarios\.yaml:4:\d+: \/deployments\/gpt-4o\/rateLimit\/tpm must be integer/);

  const version = runBundle(t, ['--version'], cwd);
  t.is(await version.exited, 0);
  const pkg = JSON.parse(readFileSync(`${REPO}server/package.json`, 'utf8')) as { version: string };
  t.is(version.output().stdout.trim(), pkg.version);
});

test('the bundle is not built again while no file it was built from has changed', async (t) => {
  t.false(await buildBundleIfStale());
});
