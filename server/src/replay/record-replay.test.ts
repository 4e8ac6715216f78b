import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toFile } from 'openai';
import { readCassette } from '../cassettes/index.ts';
import type { RunningSimulator } from '../server.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

const UPSTREAM_KEY = 'upstream-secret-key-123';
const SIM_KEY = 'sim-key-456';

/** The fake upstream: the simulator itself in generate mode, on loopback, with a key of its own. */
async function upstream(t: import('ava').ExecutionContext): Promise<RunningSimulator> {
  const dir = await tempTree(t, {
    'upstream.yaml': yaml`
      server: { auth: { apiKeys: ["${UPSTREAM_KEY}"] } }
      deployments:
        gpt-4o: { model: gpt-4o-2024-08-06 }
        text-embedding-3-small: { model: text-embedding-3-small }
        whisper: { model: whisper-001 }
      scenarios:
        - name: numbered
          match: { lastUserMessage: { contains: "[seq]" } }
          sequence: { responses: [{ content: first answer }, { content: second answer }] }
    `,
  });
  return startTestSimulator(t, { scenarios: join(dir, 'upstream.yaml') });
}

async function simulator(t: import('ava').ExecutionContext, dir: string, mode: string, upstreamUrl: string) {
  const file = join(dir, `${mode}.yaml`);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    file,
    yaml`
      server: { mode: ${mode}, host: 127.0.0.1, auth: { apiKeys: ["${SIM_KEY}"] } }
      deployments:
        gpt-4o: { model: gpt-4o-2024-08-06 }
        text-embedding-3-small: { model: text-embedding-3-small }
        whisper: { model: whisper-001 }
      replay: { cassettes: [cassettes], onMiss: error }
      record:
        upstream: ${upstreamUrl}
        apiKey: ${UPSTREAM_KEY}
        dir: cassettes
        sanitize:
          patterns: [{ regex: "[\\\\w.+-]+@[\\\\w-]+\\\\.[\\\\w.]+", replacement: "<email>" }]
    `,
  );
  return startTestSimulator(t, { scenarios: file });
}

const tools = [
  {
    type: 'function' as const,
    function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
];

/** The same calls an app would make, returning what it saw. */
async function exercise(sim: RunningSimulator) {
  const chat = azureClient(sim, { deployment: 'gpt-4o', apiKey: SIM_KEY });
  const plain = await chat.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Write to ada@example.com about rivers.' }],
  });
  const stream = await chat.chat.completions.create({
    model: 'gpt-4o',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Tell me a story.' }],
  });
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(JSON.stringify({ choices: chunk.choices, usage: chunk.usage ?? null, model: chunk.model }));
  const tool = await chat.chat.completions.create({ model: 'gpt-4o', tools, messages: [{ role: 'user', content: 'Weather in Rome?' }] });
  const embedding = await azureClient(sim, { deployment: 'text-embedding-3-small', apiKey: SIM_KEY }).embeddings.create({
    model: 'x',
    input: ['alpha', 'beta'],
  });
  const transcript = await azureClient(sim, { deployment: 'whisper', apiKey: SIM_KEY }).audio.transcriptions.create({
    model: 'whisper',
    file: await toFile(Buffer.from('RIFF....WAVEfake audio bytes for the test'), 'clip.wav'),
  });
  return {
    plain: plain.choices[0]?.message.content,
    chunks,
    tool: tool.choices[0]?.message.tool_calls,
    embedding: embedding.data.map((item) => item.embedding.slice(0, 5)),
    transcript: transcript.text,
  };
}

test('record through a proxy, then replay offline: identical answers, streams chunk for chunk, no secrets written', async (t) => {
  const real = await upstream(t);
  const dir = await tempTree(t, { 'cassettes/.keep': '' });
  const recorder = await simulator(t, dir, 'record', real.url);
  const recorded = await exercise(recorder);
  await recorder.close();

  const files = (await readdir(join(dir, 'cassettes'))).filter((name) => name.endsWith('.yaml'));
  t.deepEqual(files, ['default.yaml']);
  const text = await readFile(join(dir, 'cassettes', 'default.yaml'), 'utf8');
  t.false(text.includes(UPSTREAM_KEY), 'the upstream key is never written');
  t.false(text.includes(SIM_KEY), 'the caller’s key is never written');
  t.false(text.includes('ada@example.com'), 'the e-mail sanitizer redacted the address');
  t.true(text.includes('<email>'));
  const cassette = await readCassette(join(dir, 'cassettes', 'default.yaml'));
  t.is(cassette.interactions.length, 5);
  t.true((cassette.interactions[1]?.response.chunks?.length ?? 0) > 3, 'the stream was recorded chunk by chunk');

  await real.close();
  const replayer = await simulator(t, dir, 'replay', 'http://127.0.0.1:9');
  const replayed = await exercise(replayer);
  t.deepEqual(replayed, recorded);
});

test('replay: key order does not matter, identical requests are served in order, a miss shows the nearest recordings', async (t) => {
  const real = await upstream(t);
  const dir = await tempTree(t, { 'cassettes/.keep': '' });
  const recorder = await simulator(t, dir, 'record', real.url);
  const client = azureClient(recorder, { deployment: 'gpt-4o', apiKey: SIM_KEY });
  const ask = () =>
    client.chat.completions.create({ model: 'gpt-4o', temperature: 0.5, messages: [{ role: 'user', content: 'Go [seq]' }] });
  t.is((await ask()).choices[0]?.message.content, 'first answer');
  t.is((await ask()).choices[0]?.message.content, 'second answer');
  await recorder.close();

  const replayer = await simulator(t, dir, 'replay', 'http://127.0.0.1:9');
  const reordered = (body: string) =>
    fetch(`${replayer.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
      method: 'POST',
      headers: { 'api-key': SIM_KEY, 'content-type': 'application/json' },
      body,
    }).then(async (response) => ({
      status: response.status,
      json: (await response.json()) as { choices?: Array<{ message: { content: string } }>; error?: { code: string; message: string } },
    }));
  const swapped = '{ "messages": [ { "content": "Go [seq]", "role": "user" } ],   "temperature": 0.5, "model": "gpt-4o" }';
  t.is((await reordered(swapped)).json.choices?.[0]?.message.content, 'first answer');
  t.is((await reordered(swapped)).json.choices?.[0]?.message.content, 'second answer');
  t.is((await reordered(swapped)).json.choices?.[0]?.message.content, 'second answer', 'then the last repeats');

  const miss = await reordered('{"model":"gpt-4o","messages":[{"role":"user","content":"Go [seq]"}],"temperature":0.7}');
  t.is(miss.status, 404);
  t.is(miss.json.error?.code, 'NoRecordingMatch');
  t.regex(miss.json.error?.message ?? '', /temperature/);
  t.regex(miss.json.error?.message ?? '', /0\.5/);
});

test('kill -9 in the middle of recording loses no answered request: the next start replays each', async (t) => {
  const real = await upstream(t);
  const dir = await tempTree(t, { 'cassettes/.keep': '' });
  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    join(dir, 'record.yaml'),
    `server: { mode: record, host: 127.0.0.1, auth: { apiKeys: ["${SIM_KEY}"] } }\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\nrecord: { upstream: "${real.url}", apiKey: "${UPSTREAM_KEY}", dir: cassettes }\n`,
  );
  const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
  const child = spawn(process.execPath, [cli, '--scenarios', join(dir, 'record.yaml'), '--port', '0'], {
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json' },
  });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  const url = await new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (found) resolve(found[1]!);
    });
  });
  const question = (i: number) => `question ${i}`;
  const answered: Array<{ i: number; content: string }> = [];
  const send = (i: number) =>
    fetch(`${url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
      method: 'POST',
      headers: { 'api-key': SIM_KEY, 'content-type': 'application/json', 'x-sim-test-id': `session-${i % 3}` },
      body: JSON.stringify({ messages: [{ role: 'user', content: question(i) }] }),
    })
      .then(async (response) => {
        const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
        if (response.status === 200) answered.push({ i, content: body.choices[0]!.message.content });
      })
      .catch(() => undefined);
  const inFlight = Array.from({ length: 40 }, (_, i) => send(i));
  // kill once some answers are back, while the rest are still in flight
  for (let i = 0; i < 200 && answered.length < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  child.kill('SIGKILL');
  await once(child, 'exit');
  await Promise.all(inFlight);
  t.true(answered.length >= 1, 'something was answered before the kill');

  // the next start (a replayer over the same directory) folds in what the killed recorder left
  const replayer = await simulator(t, dir, 'replay', 'http://127.0.0.1:9');
  for (const { i, content } of answered) {
    const replayed = await fetch(`${replayer.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
      method: 'POST',
      headers: { 'api-key': SIM_KEY, 'content-type': 'application/json', 'x-sim-test-id': `session-${i % 3}` },
      body: JSON.stringify({ messages: [{ role: 'user', content: question(i) }] }),
    });
    const body = (await replayed.json()) as { choices?: Array<{ message: { content: string } }> };
    t.is(body.choices?.[0]?.message.content, content, `question ${i} was recorded`);
  }
  const left = await readdir(join(dir, 'cassettes'));
  t.deepEqual(
    left.filter((name) => name.endsWith('.journal') || name.endsWith('.tmp')),
    [],
    'no journal or temporary file is left',
  );
  for (const name of left.filter((name) => name.endsWith('.yaml')))
    t.true((await readCassette(join(dir, 'cassettes', name))).interactions.length >= 1, name);
});
