/**
 * One contract, two ways to run the simulator: the image through Testcontainers, and in this process. Both
 * handles must behave the same for an app under test and for the test steering them.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureOpenAI, OpenAI } from 'openai';
import { AoaiSim, AoaiSimContainer, ConfigError, type Scenarios } from './index.ts';
import { dockerReady, TEST_IMAGE } from './container/docker-available.ts';

interface Handle {
  getEndpoint(): string;
  getApiKey(): string;
  getClientOptions(deployment?: string): { endpoint: string; apiKey: string; apiVersion: string; deployment?: string };
  getOpenAIV1Options(): { baseURL: string; apiKey: string };
  control: AoaiSim['control'];
  stop(): Promise<unknown>;
}

type Starter = (options: { scenarios?: Scenarios | string; adminKey?: string }) => Promise<Handle>;

const docker = dockerReady();
const inCi = process.env.CI === 'true';

const starters: Array<[string, Starter | undefined]> = [
  ['in-process', (options) => AoaiSim.startInProcess(options)],
  ['container', docker.ready ? (options) => AoaiSimContainer.start({ image: TEST_IMAGE, ...options }) : undefined],
];

const SCENARIOS: Scenarios = {
  deployments: { chat: { model: 'gpt-4o-2024-08-06', latency: { ttft: 50, itl: 20 } }, embed: { model: 'text-embedding-3-small' } },
  scenarios: [{ name: 'greeting', match: { lastUserMessage: { contains: 'hello' } }, respond: { content: 'Hello from the contract!' } }],
};

async function started(t: ExecutionContext, start: Starter, options: Parameters<Starter>[0] = {}): Promise<Handle> {
  const handle = await start(options);
  t.teardown(() => handle.stop());
  return handle;
}

for (const [name, start] of starters) {
  if (!start) {
    if (inCi) test(`${name}: Docker is required in CI`, (t) => t.fail(`container tests cannot run: ${docker.ready ? '' : docker.reason}`));
    else test.skip(`${name}: skipped, ${docker.ready ? '' : docker.reason} (CI=true makes this a failure)`, () => {});
    continue;
  }

  test(`${name}: starts on the embedded default scenarios and serves chat and streams through getClientOptions()`, async (t) => {
    const sim = await started(t, start);
    t.is((await fetch(`${sim.getEndpoint()}/healthz`)).status, 200);
    const client = new AzureOpenAI({ ...sim.getClientOptions('gpt-4o'), maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    t.is(completion.model, 'gpt-4o-2024-08-06');
    const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    t.true(text.length > 0);
    const v1 = new OpenAI({ ...sim.getOpenAIV1Options(), maxRetries: 0 });
    t.truthy((await v1.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' })).data[0]);
  });

  test(`${name}: a typed scenarios object`, async (t) => {
    const sim = await started(t, start, { scenarios: SCENARIOS });
    const client = new AzureOpenAI({ ...sim.getClientOptions('chat'), maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello there' }] });
    t.is(answer.choices[0]?.message.content, 'Hello from the contract!');
  });

  test(`${name}: a scenarios directory with includes, as a shared scenarios repository is`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'aoai-sim-shared-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'shared'));
    await writeFile(join(dir, 'shared', 'deployments.yaml'), 'deployments:\n  team-chat: { model: gpt-4.1-2025-04-14 }\n');
    await writeFile(
      join(dir, 'scenarios.yaml'),
      'include: [shared/*.yaml]\nscenarios:\n  - { name: team, match: { deployment: team-chat }, respond: { content: from the shared repo } }\n',
    );
    const sim = await started(t, start, { scenarios: dir });
    const client = new AzureOpenAI({ ...sim.getClientOptions('team-chat'), maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'team-chat', messages: [{ role: 'user', content: 'x' }] });
    t.is(answer.choices[0]?.message.content, 'from the shared repo');
    t.is(answer.model, 'gpt-4.1-2025-04-14');
  });

  test(`${name}: control: setScenarios, journal verification, reset and a one-shot fault`, async (t) => {
    const sim = await started(t, start, { adminKey: 'admin' });
    await sim.control.setScenarios(SCENARIOS);
    const client = new AzureOpenAI({ ...sim.getClientOptions('chat'), maxRetries: 0 });
    t.is(
      (await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] })).choices[0]?.message.content,
      'Hello from the contract!',
    );
    await sim.control.expectCalls({ deployment: 'chat' }, 1);
    const failure = await t.throwsAsync(sim.control.expectCalls({ deployment: 'chat' }, 2));
    t.regex(failure?.message ?? '', /chat/);
    await sim.control.injectFault({ kind: 'status', status: 500 }, { times: 1 });
    await t.throwsAsync(client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] }));
    t.truthy(await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] }));
    await sim.control.reset();
    t.is(await sim.control.journalCount({ deployment: 'chat' }), 0);
  });

  test(`${name}: control works without choosing an admin key, and nobody else can change the simulator`, async (t) => {
    const sim = await started(t, start);
    await sim.control.setScenarios(SCENARIOS);
    const client = new AzureOpenAI({ ...sim.getClientOptions('chat'), maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
    t.is(answer.choices[0]?.message.content, 'Hello from the contract!');
    const stranger = await fetch(`${sim.getEndpoint()}/__sim/scenarios`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenarios: [{ name: 'hijack', respond: { content: 'hijacked' } }] }),
    });
    // in this process the simulator listens on loopback only, where anyone who can reach it is already on the machine
    if (name === 'container') t.is(stranger.status, 401);
    else t.is(stranger.status, 200);
  });
}

test('an invalid scenarios object is refused before any container starts', (t) => {
  // withScenarios throws synchronously: start() was never called
  const error = t.throws(
    () => new AoaiSimContainer(TEST_IMAGE).withScenarios({ deployments: { chat: { model: 5 as unknown as string } } }),
    { instanceOf: ConfigError },
  );
  t.regex(error.message, /\/deployments\/chat\/model must be string/);
});

if (docker.ready) {
  test('container: withReuse() reuses only a container started with the same scenarios', async (t) => {
    const first = await AoaiSimContainer.start({ image: TEST_IMAGE, scenarios: SCENARIOS, reuse: true });
    t.teardown(() => first.stop());
    const same = await AoaiSimContainer.start({ image: TEST_IMAGE, scenarios: SCENARIOS, reuse: true });
    const changed = await AoaiSimContainer.start({ image: TEST_IMAGE, scenarios: { ...SCENARIOS, scenarios: [] }, reuse: true });
    t.teardown(() => changed.stop());
    t.is(same.getId(), first.getId());
    t.not(changed.getId(), first.getId());
    // the reused container's control API still takes the key this machine gave it
    t.is(same.getAdminKey(), first.getAdminKey());
    t.is(await same.control.journalCount(), 0);
  });

  test("container: scenarios the container refuses fail the start at once, with the simulator's own messages", async (t) => {
    // copied past withScenarios, as for a user without the server package, whose check is then the container's
    const container = new AoaiSimContainer(TEST_IMAGE)
      .withCopyContentToContainer([{ content: 'deployments:\n  chat:\n    model: 5\n', target: '/scenarios/scenarios.yaml' }])
      .withEnvironment({ AOAI_SIM_SCENARIOS: '/scenarios/scenarios.yaml' });
    const error = await t.throwsAsync(container.start(), { instanceOf: ConfigError });
    t.deepEqual(error.issues, [{ file: 'scenarios', pointer: '/deployments/chat/model', message: 'must be string, not integer' }]);
  });

  test('container: stop answers a stream in flight first (graceful SIGTERM), and dispose stops it', async (t) => {
    const sim = await AoaiSimContainer.start({
      image: TEST_IMAGE,
      scenarios: { deployments: { slow: { model: 'gpt-4o-2024-08-06', latency: { ttft: 200, itl: 40 } } } },
    });
    const client = new AzureOpenAI({ ...sim.getClientOptions('slow'), maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'slow',
      stream: true,
      max_tokens: 20,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const stopping = sim.stop({ timeout: 20_000 });
    let finish: string | null | undefined;
    for await (const chunk of stream) finish = chunk.choices[0]?.finish_reason ?? finish;
    await stopping;
    t.is(finish, 'length', 'the stream in flight was finished before the container stopped');

    const disposed = await AoaiSimContainer.start({ image: TEST_IMAGE });
    const endpoint = disposed.getEndpoint();
    await disposed[Symbol.asyncDispose]();
    await t.throwsAsync(fetch(`${endpoint}/healthz`));
  });
}
