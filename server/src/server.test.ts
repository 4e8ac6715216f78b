import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSimulator } from './server.ts';
import { azureClient } from './test-support/clients.ts';
import { tempTree } from './test-support/temp-tree.ts';

const DEPLOYMENTS = { deployments: { chat: { model: 'gpt-4o-2024-08-06' } } };

test('startSimulator listens on loopback, on a free port, unless told otherwise', async (t) => {
  const sim = await startSimulator({ scenarios: DEPLOYMENTS, logLevel: 'silent' });
  t.teardown(() => sim.close());
  t.is(sim.config.server.host, '127.0.0.1');
  t.regex(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.not(sim.port, 8080);
  t.is(sim.config.server.controlAccess, 'open', 'the control API of a loopback simulator needs no key');
  const answer = await azureClient(sim, { deployment: 'chat' }).chat.completions.create({
    model: 'chat',
    messages: [{ role: 'user', content: 'hi' }],
  });
  t.truthy(answer.choices[0]?.message.content);
});

test('the scenarios’ own server settings win over startSimulator’s defaults', async (t) => {
  const sim = await startSimulator({ scenarios: { ...DEPLOYMENTS, server: { host: '127.0.0.1', port: 0 } }, logLevel: 'silent' });
  t.teardown(() => sim.close());
  t.is(sim.config.server.host, '127.0.0.1');
  const wide = await startSimulator({ scenarios: { ...DEPLOYMENTS, server: { host: '0.0.0.0' } }, port: 0, logLevel: 'silent' });
  t.teardown(() => wide.close());
  t.is(wide.config.server.host, '0.0.0.0');
});

test('a scenarios directory holding scenarios.yml is used', async (t) => {
  const dir = await tempTree(t, { 'scenarios.yml': 'deployments:\n  from-yml: { model: gpt-4o-2024-08-06 }\n' });
  const sim = await startSimulator({ scenarios: dir, logLevel: 'silent' });
  t.teardown(() => sim.close());
  t.deepEqual([...sim.config.deployments.keys()], ['from-yml']);
  t.is(sim.config.source.file, join(dir, 'scenarios.yml'));
});

test('startSimulator is quiet in a test: no line for a request that passes, a warning for one refused', async (t) => {
  // its default logger writes to this process's standard output, so it runs in a process of its own
  const index = pathToFileURL(fileURLToPath(new URL('./index.ts', import.meta.url))).href;
  const script = `
    import { startSimulator } from ${JSON.stringify(index)};
    const sim = await startSimulator({ scenarios: { deployments: { chat: { model: 'gpt-4o-2024-08-06' } } } });
    const ask = (deployment) => fetch(sim.url + '/openai/deployments/' + deployment + '/chat/completions?api-version=2024-10-21', {
      method: 'POST',
      headers: { 'api-key': 'any-key', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    console.log('statuses', (await ask('chat')).status, (await ask('chta')).status);
    await sim.close();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH } });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  t.is(code, 0, stdout);
  const lines = stdout.trim().split('\n');
  t.true(lines.includes('statuses 200 404'), stdout);
  const logged = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
  t.deepEqual(
    logged.map((line) => line.level),
    [40],
    'one warning, and no access line',
  );
  t.regex(logged[0]!.msg, /did you mean "chat"\?/);
});
