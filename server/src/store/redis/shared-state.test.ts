import test from 'ava';
import { PREVIEW_API_VERSION, azureClient } from '../../test-support/clients.ts';
import { startTestRedis } from '../../test-support/redis-server.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';
import type { RunningSimulator } from '../../server.ts';
import { SHARED_STATE_SCENARIOS as SCENARIOS } from '../../test-support/shared-state-scenarios.ts';

const step = async (sim: RunningSimulator, testId?: string) =>
  (
    await azureClient(sim, { deployment: 'free' }).chat.completions.create(
      { model: 'free', messages: [{ role: 'user', content: 'next step' }] },
      testId ? { headers: { 'x-sim-test-id': testId } } : {},
    )
  ).choices[0]!.message.content;

const ask = (sim: RunningSimulator, maxTokens = 600) =>
  azureClient(sim, { deployment: 'gpt-4o', maxRetries: 0 }).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
    max_tokens: maxTokens,
  });

const statusOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
};

test('three simulators on one Redis (AOAI_SIM_REDIS_URL) share quotas, sequences, budgets, test ids and conversations', async (t) => {
  const redis = await startTestRedis(t);
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => startTestSimulator(t, { scenarios: SCENARIOS, redisUrl: redis.url })));
  const apart = await startTestSimulator(t, { scenarios: SCENARIOS });

  t.deepEqual([await step(a!), await step(b!), await step(c!), await step(a!)], ['one', 'two', 'three', 'four'], 'one sequence');
  t.deepEqual([await step(b!, 'x'), await step(c!, 'x')], ['one', 'two'], 'a test id has its own sequence, on every replica');
  t.is(await step(apart), 'one', 'a simulator with a store of its own starts its own sequence');

  const once = (sim: RunningSimulator) =>
    azureClient(sim, { deployment: 'free' }).chat.completions.create({ model: 'free', messages: [{ role: 'user', content: 'once' }] });
  t.is((await once(c!)).choices[0]!.message.content, 'only once');
  t.not((await once(a!)).choices[0]!.message.content, 'only once', 'a times budget is spent once across replicas');

  const responses = (sim: RunningSimulator) => azureClient(sim, { apiVersion: PREVIEW_API_VERSION }).responses;
  const first = await responses(a!).create({ model: 'free', input: 'Remember the number 42.' });
  const second = await responses(b!).create({ model: 'free', input: 'What was it?', previous_response_id: first.id });
  t.is((await responses(c!).retrieve(second.id)).previous_response_id, first.id);
  const items = await responses(c!).inputItems.list(second.id);
  t.true(items.data.length > 0, 'input items are found on another replica');
  await responses(c!).delete(first.id);
  t.is(await statusOf(responses(a!).retrieve(first.id)), 404, 'a delete on one replica is seen on the others');

  await ask(a!);
  const refused = await ask(b!).catch((error: unknown) => error as { status?: number; headers?: Headers });
  t.is((refused as { status?: number }).status, 429, 'the quota a spent is the quota b has');
  t.regex((refused as { headers: Headers }).headers.get('retry-after-ms') ?? '', /^\d+$/);
  const limits = (await (await fetch(`${c!.url}/__sim/limits`)).json()) as { deployments: Array<{ deployment: string }> };
  t.like(
    limits.deployments.find(({ deployment }) => deployment === 'gpt-4o'),
    { tokens: { limit: 1000, used: 608, remaining: 392 } },
    'c reports the shared quota',
  );
  t.is(await statusOf(ask(apart)), 200);

  const journal = (await (await fetch(`${c!.url}/__sim/journal?deployment=free`)).json()) as {
    entries: Array<{ replica: string; path: string }>;
    replicas: { answered: string[]; missing: string[] };
  };
  t.truthy(journal.replicas, JSON.stringify(journal));
  t.is(journal.replicas.answered.length, 3, 'c gathered every replica');
  t.deepEqual(journal.replicas.missing, []);
  t.is(new Set(journal.entries.map((entry) => entry.replica)).size, 3, 'c lists what a, b and c served, each named by its replica');
  const counted = (await (await fetch(`${a!.url}/__sim/journal?count&deployment=gpt-4o`)).json()) as { count: number };
  t.is(counted.count, 2, 'a counts the requests a and b sent to gpt-4o');

  const armed = await fetch(`${a!.url}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fault: { kind: 'status', status: 503 }, match: { deployment: 'free' }, times: 1 }),
  });
  t.is(armed.status, 200);
  const once503 = (sim: RunningSimulator) =>
    statusOf(
      azureClient(sim, { deployment: 'free', maxRetries: 0 }).chat.completions.create({
        model: 'free',
        messages: [{ role: 'user', content: 'hello' }],
      }),
    );
  t.deepEqual([await once503(b!), await once503(c!), await once503(a!)], [503, 200, 200], 'a one-shot armed on a fires once, on b');

  t.is((await fetch(`${b!.url}/__sim/reset`, { method: 'POST' })).status, 200);
  const afterReset = (await (await fetch(`${a!.url}/__sim/journal?count`)).json()) as { count: number };
  t.is(afterReset.count, 0, "a reset on b empties every replica's journal");
  t.is(await step(c!), 'one', 'a reset on one replica starts the shared sequences again');
  t.is(await statusOf(ask(a!)), 200, 'and empties the shared quotas');
});

test('fail-open: Redis stopped mid-run, every request is still answered from local state, and the replicas share again once it returns', async (t) => {
  const redis = await startTestRedis(t);
  const scenarios = { ...SCENARIOS, server: { state: { store: 'redis' as const, url: redis.url } } };
  const [a, b] = await Promise.all([1, 2].map(() => startTestSimulator(t, { scenarios })));
  t.is(await step(a!), 'one');
  await redis.stop();
  t.is(await step(b!), 'one', 'b carries on with a sequence of its own');
  t.is(await statusOf(ask(a!)), 200);
  t.is(await statusOf(ask(b!)), 200, 'each replica has its own quota while Redis is away');
  const metrics = await (await fetch(`${a!.url}/metrics`)).text();
  t.regex(metrics, /^aoai_sim_state_fallbacks_total [1-9]/m);
  t.regex(metrics, /^aoai_sim_state_shared 0$/m);

  await redis.start();
  await untilShared(a!);
  await untilShared(b!);
  t.is(await step(a!), 'one', 'the restarted Redis is empty: the shared sequence starts again');
  t.is(await step(b!), 'two', 'and is shared again');
  await ask(a!);
  t.is(await statusOf(ask(b!)), 429, 'one quota again');
});

test('fail-closed: while Redis is away requests get the service-shaped 503 at once, and 200 again when it returns', async (t) => {
  const redis = await startTestRedis(t);
  const scenarios = {
    ...SCENARIOS,
    server: { state: { store: 'redis' as const, url: redis.url, whenUnavailable: 'fail-closed' as const } },
  };
  const sim = await startTestSimulator(t, { scenarios });
  // a start that could not reach Redis in its connect timeout (a loaded machine) joins in the background
  await untilShared(sim);
  t.is(await step(sim), 'one');
  await redis.stop();
  const response = await fetch(`${sim.url}/openai/deployments/free/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'any', 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'next step' }] }),
  });
  t.is(response.status, 503);
  const body = (await response.json()) as { error: { message: string; type: string } };
  t.regex(body.error.message, /currently overloaded/);
  t.is(body.error.type, 'server_error');
  t.is((await fetch(`${sim.url}/healthz`)).status, 200, 'the simulator itself stays up');

  await redis.start();
  await untilShared(sim);
  t.is(await step(sim), 'one', 'answered again from the (new, empty) shared state');
});

/** Waits (bounded) until the simulator reports the shared state in use again. */
async function untilShared(sim: RunningSimulator): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (/^aoai_sim_state_shared 1$/m.test(await (await fetch(`${sim.url}/metrics`)).text())) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the simulator did not rejoin the shared state within 15 s');
}
