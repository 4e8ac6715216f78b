import test from 'ava';
import { APIError } from 'openai';
import { azureClient } from '../test-support/clients.ts';
import { startTestRedis } from '../test-support/redis-server.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import type { RunningSimulator } from '../server.ts';

const ESTATE = { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } }, resources: { eastus: { region: 'East US' } } };

const ask = (sim: RunningSimulator) =>
  azureClient({ ...sim, url: `${sim.url}/r/eastus` }, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
  });

const drill = (sim: RunningSimulator, action: string, body: unknown = {}) =>
  fetch(`${sim.url}/__sim/resources/eastus/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('a drill set on one replica holds on every replica sharing its Redis, and up on another lifts it everywhere', async (t) => {
  const redis = await startTestRedis(t);
  const [a, b] = await Promise.all([1, 2].map(() => startTestSimulator(t, { scenarios: ESTATE, redisUrl: redis.url })));
  const apart = await startTestSimulator(t, { scenarios: ESTATE });

  t.is((await drill(a!, 'down')).status, 200);
  t.is((await t.throwsAsync(ask(b!), { instanceOf: APIError })).status, 503, 'b is down too');
  t.like(((await (await fetch(`${b!.url}/__sim/resources`)).json()) as { resources: unknown[] }).resources[1], { status: 'down' });
  t.truthy(await ask(apart), 'a simulator with a store of its own is not part of the drill');

  await drill(b!, 'up');
  t.truthy(await ask(a!), 'up on b brought a back');

  await drill(b!, 'degrade', { errorRate: 1 });
  t.is((await t.throwsAsync(ask(a!), { instanceOf: APIError })).status, 503, 'a degrade on b holds on a');
});
