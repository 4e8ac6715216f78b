import test, { type ExecutionContext } from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AzureOpenAI } from 'openai';
import type { RunningSimulator } from '../server.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

// The seed README's commands, run as a user runs them: the CLI in a child process, configured only by the
// Python simulators' environment variables.

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const UPSTREAM_KEY = 'upstream-secret-key-123';

/** The real service, faked: the simulator in generate mode on loopback, answering "[seq]" first, then second. */
async function upstream(t: ExecutionContext): Promise<RunningSimulator> {
  const dir = await tempTree(t, {
    'upstream.yaml': yaml`
      server: { auth: { apiKeys: ["${UPSTREAM_KEY}"] } }
      deployments:
        gpt-35-turbo: { model: gpt-35-turbo-0125 }
      scenarios:
        - name: numbered
          match: { lastUserMessage: { contains: "[seq]" } }
          sequence: { responses: [{ content: first answer }, { content: second answer }] }
    `,
  });
  return startTestSimulator(t, { scenarios: join(dir, 'upstream.yaml') });
}

interface Started {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** `aoai-sim` started in `cwd` with only `env` (and PATH), once it listens; stopped with SIGTERM when the test ends. */
async function aoaiSim(t: ExecutionContext, cwd: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1'], {
    cwd,
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json', ...env },
  });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const found = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`aoai-sim exited with ${code}:\n${out}`)));
  });
  return { url, child, output: () => out };
}

async function stop(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  await once(started.child, 'exit');
}

/** What an app sees, asking through the Azure SDK with whatever key the seed's users had. */
async function exercise(url: string) {
  const client = new AzureOpenAI({ endpoint: url, apiKey: 'any-key', apiVersion: '2024-10-21', deployment: 'gpt-35-turbo', maxRetries: 0 });
  const ask = async (content: string) =>
    (await client.chat.completions.create({ model: 'gpt-35-turbo', messages: [{ role: 'user', content }] })).choices[0]?.message.content;
  const streamed: string[] = [];
  const stream = await client.chat.completions.create({
    model: 'gpt-35-turbo',
    stream: true,
    messages: [{ role: 'user', content: 'Tell me a story' }],
  });
  for await (const chunk of stream) streamed.push(chunk.choices[0]?.delta.content ?? '');
  return {
    plain: await ask('What is the meaning of life?'),
    again: await ask('Go [seq]'),
    twice: await ask('Go [seq]'),
    streamed: streamed.join(''),
  };
}

test("the seed README's record and replay commands: record with its variables, replay with CASSETTE_DIR, RECORDING_DIR, or the default", async (t) => {
  const real = await upstream(t);
  const work = await tempTree(t, { 'README.txt': 'a project that used aoai-simulated-api\n' });
  // SIMULATOR_MODE=record AZURE_OPENAI_ENDPOINT=... AZURE_OPENAI_KEY=... uvicorn main:app
  const recorder = await aoaiSim(t, work, { SIMULATOR_MODE: 'record', AZURE_OPENAI_ENDPOINT: real.url, AZURE_OPENAI_KEY: UPSTREAM_KEY });
  const recorded = await exercise(recorder.url);
  await stop(recorder);
  t.is(recorded.again, 'first answer');
  t.is(recorded.twice, 'first answer', 'record mode answers a request already recorded from the recording, as both Python simulators did');
  t.true(recorded.streamed.length > 0);

  const written = await readdir(join(work, '.recording'));
  t.true(written.length > 0, 'recorded into .recording, aoai-api-simulator’s default');
  for (const name of written) t.false((await readFile(join(work, '.recording', name), 'utf8')).includes(UPSTREAM_KEY));
  await real.close();

  // SIMULATOR_MODE=replay CASSETTE_DIR=... (the seed's docker run), RECORDING_DIR=..., and the bare command in
  // the folder it recorded in; started together, as they share nothing
  const elsewhere = await tempTree(t, {});
  const replayers = await Promise.all([
    aoaiSim(t, elsewhere, { SIMULATOR_MODE: 'replay', CASSETTE_DIR: join(work, '.recording') }),
    aoaiSim(t, elsewhere, { SIMULATOR_MODE: 'replay', RECORDING_DIR: join(work, '.recording') }),
    aoaiSim(t, work, { SIMULATOR_MODE: 'replay' }),
  ]);
  for (const [i, replayer] of replayers.entries()) t.deepEqual(await exercise(replayer.url), recorded, `replayer ${i}`);
});

test('replay with a recording directory that does not exist stops at startup and says what to do', async (t) => {
  const work = await tempTree(t, {});
  const child = spawn(process.execPath, [CLI, '--port', '0'], {
    cwd: work,
    env: { PATH: process.env.PATH, SIMULATOR_MODE: 'replay', CASSETTE_DIR: 'cassettes' },
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number];
  t.is(code, 1);
  t.regex(err, /cassettes, which does not exist: record them first \(SIMULATOR_MODE=record\), or set RECORDING_DIR/);
});

test('LOG_LEVEL in Python’s names, and variables that named Python code get a startup warning naming what replaces them', async (t) => {
  const work = await tempTree(t, { 'generator_config.py': 'def get_generators(): return []\n' });
  const sim = await aoaiSim(t, work, { LOG_LEVEL: 'DEBUG', GENERATOR_CONFIG_PATH: 'generator_config.py', EXTENSION_PATH: 'ext/' });
  const warnings = sim
    .output()
    .split('\n')
    .filter((line) => line.includes('"level":40'));
  t.true(warnings.some((line) => line.includes('GENERATOR_CONFIG_PATH is ignored') && line.includes('scenario rules')));
  t.true(warnings.some((line) => line.includes('EXTENSION_PATH is ignored') && line.includes('templates')));
});
