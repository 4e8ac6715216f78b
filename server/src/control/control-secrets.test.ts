import test, { type ExecutionContext } from 'ava';
import { createServer, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';
import type { StartOptions } from '../server.ts';

// what the process's environment holds: the real endpoint's key, as record mode reads it
const SECRET = `real-key-${process.pid}-${Date.now()}`;
process.env.AOAI_SIM_TEST_UPSTREAM_KEY = SECRET;
const ADMIN = 'admin-secret';

const CASSETTE = yaml`
  version: 1
  name: greeting
  interactions:
    - recordedAt: 2025-09-17T14:32:53Z
      request: { method: POST, operation: chat, deployment: gpt-4o, apiVersion: 2024-10-21, body: { model: gpt-4o, messages: [{ role: user, content: Hi }] } }
      response:
        status: 200
        headers: { content-type: application/json }
        body: { id: chatcmpl-1, object: chat.completion, created: 1, model: gpt-4o, choices: [{ index: 0, message: { role: assistant, content: recorded hello }, finish_reason: stop }] }
`;

/** A stand-in for an attacker's host: it notes every request that reaches it. */
async function listeningHost(t: ExecutionContext) {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function simulator(t: ExecutionContext, scenarios: string, options: StartOptions = {}) {
  const dir = await tempTree(t, {
    'scenarios.yaml': scenarios,
    'cassettes/greeting.yaml': CASSETTE,
    'elsewhere/other.yaml': CASSETTE.replace('recorded hello', 'recorded elsewhere'),
  });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml'), adminApiKey: ADMIN, ...options });
  const control = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${sim.url}/__sim${path}`, {
      method,
      headers: { 'x-sim-admin-key': ADMIN, 'content-type': typeof body === 'string' ? 'application/yaml' : 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };
  return { sim, dir, control };
}

const GENERATE = yaml`
  deployments:
    gpt-4o: { model: gpt-4o-2024-08-06 }
  record: { upstream: "http://127.0.0.1:9", apiKey: "\${AOAI_SIM_TEST_UPSTREAM_KEY}", dir: cassettes }
`;

test('a document sent to the control API is taken literally: it cannot read the environment', async (t) => {
  const { sim, control } = await simulator(t, GENERATE);
  const put = await control(
    'PUT',
    '/scenarios',
    'deployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\nscenarios:\n  - { name: leak, respond: { content: "key=${AOAI_SIM_TEST_UPSTREAM_KEY}" } }\n',
  );
  t.is(put.status, 200, put.text);
  const answer = await azureClient(sim, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
  });
  t.is(answer.choices[0]?.message.content, 'key=${AOAI_SIM_TEST_UPSTREAM_KEY}');
  const config = await fetch(`${sim.url}/__sim/config`, { headers: { 'x-sim-admin-key': ADMIN } }).then((response) => response.text());
  t.false(config.includes(SECRET));
  // an unset name is no error either: nothing tells which variables exist
  const unset = await control('PUT', '/scenarios', 'scenarios:\n  - { name: probe, respond: { content: "${SURELY_NOT_SET_ANYWHERE}" } }\n');
  t.is(unset.status, 200, unset.text);
});

test('mode, upstream, its key and the record directory cannot be changed through the control API', async (t) => {
  const elsewhere = await listeningHost(t);
  const { sim, control } = await simulator(t, GENERATE);
  for (const patch of [
    { server: { mode: 'record' }, record: { upstream: elsewhere.url } },
    { server: { mode: 'record' } },
    { record: { upstream: elsewhere.url } },
    { record: { apiKey: SECRET } },
    { record: { apiKey: 'a-guess' } },
    { record: { dir: '/tmp' } },
  ]) {
    const refused = await control('PATCH', '/scenarios', patch);
    t.is(refused.status, 400, JSON.stringify(patch));
    t.regex(JSON.parse(refused.text).error.message, /fixed when the simulator starts and cannot be changed through the control API/);
  }
  // a whole document that leaves them out keeps them: nothing is forwarded anywhere, the mode is unchanged
  t.is((await control('PUT', '/scenarios', { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } })).status, 200);
  const config = await fetch(`${sim.url}/__sim/config`, { headers: { 'x-sim-admin-key': ADMIN } }).then(
    (response) => response.json() as Promise<{ server: { mode: string }; scenarios: { record: { upstream: string } } }>,
  );
  t.is(config.server.mode, 'generate');
  t.is(config.scenarios.record.upstream, 'http://127.0.0.1:9');
  await azureClient(sim, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
  });
  t.is(elsewhere.seen.length, 0);
  // the same values are no change
  t.is(
    (await control('PATCH', '/scenarios', { server: { mode: 'generate' }, record: { upstream: 'http://127.0.0.1:9', dir: 'cassettes' } }))
      .status,
    200,
  );
});

test('a change that would record while listening beyond loopback without a key is refused, as at startup', async (t) => {
  const { control } = await simulator(t, GENERATE, { host: '0.0.0.0' });
  const refused = await control('PATCH', '/scenarios', { replay: { onMiss: 'record' } });
  t.is(refused.status, 400);
  t.regex(
    refused.text,
    /record mode forwards to a real endpoint with a real key, so it will not listen on 0\.0\.0\.0 without a simulator api key/,
  );
});

test('replay.cassettes from the control API reads only within the startup directories, and never tells whether a path exists', async (t) => {
  const { sim, dir, control } = await simulator(
    t,
    yaml`
    deployments:
      gpt-4o: { model: gpt-4o-2024-08-06 }
    replay: { cassettes: [cassettes/] }
  `,
  );
  const outside = await tempTree(t, { 'secret/other.yaml': CASSETTE });
  await mkdir(join(dir, 'links'));
  await symlink(join(outside, 'secret'), join(dir, 'links', 'out'));
  const messages = new Set<string>();
  for (const cassettes of [
    ['/etc/passwd'],
    ['/no/such/place/'],
    [join(outside, 'secret')],
    ['../x'],
    ['cassettes/../../x'],
    ['links/out'],
    ['{/etc,cassettes}/*.yaml'],
  ]) {
    const refused = await control('PATCH', '/scenarios', { replay: { cassettes } });
    t.is(refused.status, 400, cassettes[0]);
    messages.add(JSON.parse(refused.text).error.message);
  }
  t.is(messages.size, 1, 'one message, whatever exists');
  t.regex([...messages][0]!, /must name files within the directories the simulator started with/);

  // within them, relative to the scenarios file, as in the file
  t.is((await control('PATCH', '/scenarios', { replay: { cassettes: ['elsewhere/'] } })).status, 200);
  const replayed = await azureClient(sim, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Hi' }],
  });
  t.is(replayed.choices[0]?.message.content, 'recorded elsewhere');
});
