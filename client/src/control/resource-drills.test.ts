import test from 'ava';
import { APIError, AzureOpenAI } from 'openai';
import { AoaiSim } from '../in-process.ts';
import { AoaiSimControlError } from './index.ts';

const SCENARIOS = {
  deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
  resources: {
    eastus: { region: 'East US', deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 10_000 } } } },
    westus: { region: 'West US' },
  },
};

const ask = (options: ConstructorParameters<typeof AzureOpenAI>[0]) =>
  new AzureOpenAI({ ...options, maxRetries: 0 }).chat.completions
    .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 })
    .withResponse();

test('the handle reaches each resource, lists their endpoints, and the control drills them', async (t) => {
  await using sim = await AoaiSim.startInProcess({ scenarios: SCENARIOS, logLevel: 'silent' });
  const { control } = sim;
  const endpoints = await sim.getResourceEndpoints();
  t.deepEqual(endpoints, {
    default: sim.getEndpoint(),
    eastus: `${sim.getEndpoint()}/r/eastus`,
    westus: `${sim.getEndpoint()}/r/westus`,
  });
  t.is(sim.getClientOptions('gpt-4o', { resource: 'westus' }).endpoint, endpoints.westus!);
  t.is(sim.getClientOptions('gpt-4o').endpoint, sim.getEndpoint(), 'without a resource, the simulator own as before');
  const east = sim.getClientOptions('gpt-4o', { resource: 'eastus' });
  t.is((await ask(east)).response.headers.get('x-ms-region'), 'East US');

  t.like(await control.resourceDown('eastus'), { name: 'eastus', status: 'down', condition: { kind: 'down' } });
  t.is((await t.throwsAsync(ask(east), { instanceOf: APIError })).status, 503);
  t.is((await ask(sim.getClientOptions('gpt-4o', { resource: 'westus' }))).response.headers.get('x-ms-region'), 'West US');
  t.deepEqual(
    (await control.resources()).map(({ name, status }) => [name, status]),
    [
      ['default', 'up'],
      ['eastus', 'down'],
      ['westus', 'up'],
    ],
  );
  t.like(await control.resourceUp('eastus'), { status: 'up' });
  t.like(await control.resourceDegrade('eastus', { quotaFactor: 0.5, durationMs: 60_000 }), {
    status: 'degraded',
    condition: { kind: 'degrade', quotaFactor: 0.5, durationMs: 60_000 },
  });
  t.is((await ask(east)).response.headers.get('x-ratelimit-limit-tokens'), '5000');

  const refused = await t.throwsAsync(control.resourceDegrade('eastus', {}), { instanceOf: AoaiSimControlError });
  t.is(refused.status, 400);
  const unknown = await t.throwsAsync(control.resourceDown('centralus'), { instanceOf: AoaiSimControlError });
  t.is(unknown.status, 404);
});
