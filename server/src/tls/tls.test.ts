import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AzureOpenAI } from 'openai';
import { generate } from 'selfsigned';
import { Agent } from 'undici';
import { API_VERSION } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { serveUntilListening } from '../test-support/cli-process.ts';
import { tempTree } from '../test-support/temp-tree.ts';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** The Azure client as a user points it at a simulator whose certificate it trusts. */
function trustingClient(endpoint: string, ca: string, deployment = 'gpt-4o'): AzureOpenAI {
  const dispatcher = new Agent({ connect: { ca } });
  return new AzureOpenAI({ endpoint, apiKey: 'k', apiVersion: API_VERSION, deployment, maxRetries: 0, fetchOptions: { dispatcher } });
}

test('with tls the simulator serves HTTPS: the SDK trusting its self-signed certificate gets a chat answer', async (t) => {
  const sim = await startTestSimulator(t, { tls: true });
  t.regex(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  t.truthy(sim.tls?.selfSigned);
  t.is(await readFile(sim.tls!.certPath, 'utf8'), sim.tls!.cert);
  const answer = await trustingClient(sim.url, sim.tls!.cert).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
  });
  t.is(answer.object, 'chat.completion');
  // the routes Koa serves are on HTTPS too; a client that does not trust the certificate is refused by TLS
  const models = await fetch(`${sim.url}/openai/v1/models`, {
    headers: { 'api-key': 'k' },
    dispatcher: new Agent({ connect: { ca: sim.tls!.cert } }),
  } as RequestInit);
  t.is(models.status, 200);
  await t.throwsAsync(fetch(`${sim.url}/healthz`));
});

test('the self-signed certificate is valid for localhost too', async (t) => {
  const sim = await startTestSimulator(t, { tls: true });
  const dispatcher = new Agent({ connect: { ca: sim.tls!.cert } });
  const byName = await fetch(`https://localhost:${sim.port}/healthz`, { dispatcher } as RequestInit);
  t.is(byName.status, 200);
});

test('server.tls cert and key: the given certificate is served and named', async (t) => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const dir = await tempTree(t, {});
  await writeFile(join(dir, 'cert.pem'), pems.cert);
  await writeFile(join(dir, 'key.pem'), pems.private);
  const sim = await startTestSimulator(t, {
    scenarios: {
      server: { tls: { enabled: true, cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') } },
      deployments: { 'gpt-4o': { model: 'gpt-4o' } },
    },
  });
  t.is(sim.tls?.selfSigned, false);
  t.is(sim.tls?.certPath, join(dir, 'cert.pem'));
  const answer = await trustingClient(sim.url, pems.cert).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
  });
  t.is(answer.object, 'chat.completion');
});

test('aoai-sim --tls writes the certificate path in the startup line; a client trusting that file is answered', async (t) => {
  const started = await serveUntilListening(t, ['--tls', '--port', '0', '--host', '127.0.0.1'], {});
  const { child } = started;
  const line = (JSON.parse(started.line) as { msg: string }).msg;
  t.regex(line, /^aoai-sim listening on https:\/\/127\.0\.0\.1:\d+ /);
  const url = /listening on (\S+)/.exec(line)![1]!;
  const certPath = /tls: self-signed for localhost, 127\.0\.0\.1, ::1, certificate (\S+)/.exec(line)?.[1];
  t.truthy(certPath, line);
  const answer = await trustingClient(url, await readFile(certPath!, 'utf8')).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
  });
  t.is(answer.object, 'chat.completion');
  child.kill('SIGTERM');
  await once(child, 'exit');
});

test('AOAI_SIM_TLS must be true or false', async (t) => {
  const child = spawn(process.execPath, [CLI, '--port', '0'], { cwd: REPO, env: { PATH: process.env.PATH, AOAI_SIM_TLS: 'yes' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  t.is(code, 2);
  t.regex(stderr, /AOAI_SIM_TLS must be true or false, not "yes"/);
});

test('--workers 2 --tls: every worker serves the one certificate its startup line names', async (t) => {
  const child = spawn(process.execPath, [CLI, '--tls', '--workers', '2', '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO,
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json' },
  });
  t.teardown(() => child.kill('SIGKILL'));
  let stdout = '';
  const lines = await new Promise<string[]>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = stdout.split('\n').filter((candidate) => candidate.includes('listening on'));
      if (found.length === 2) resolve(found.map((line) => (JSON.parse(line) as { msg: string }).msg));
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening`)));
  });
  const paths = lines.map((line) => /tls: self-signed for localhost, 127\.0\.0\.1, ::1, certificate (\S+)/.exec(line)?.[1]);
  t.truthy(paths[0]);
  t.is(paths[0], paths[1]);
  const url = /listening on (\S+)/.exec(lines[0]!)![1]!;
  const ca = await readFile(paths[0]!, 'utf8');
  for (let each = 0; each < 4; each++) {
    // a connection of its own each time, so that both workers are likely reached
    const answer = await trustingClient(url, ca).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    t.is(answer.object, 'chat.completion');
  }
  child.kill('SIGTERM');
  await once(child, 'exit');
});
