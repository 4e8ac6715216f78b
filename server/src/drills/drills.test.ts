import test from 'ava';
import { APIConnectionError, APIConnectionTimeoutError, APIError, AzureOpenAI, RateLimitError } from 'openai';
import { startTestSimulator } from '../test-support/simulator.ts';
import type { RunningSimulator } from '../server.ts';
import type { ResourceStatus } from './resource-status.ts';

const API_VERSION = '2024-10-21';

/** Two resources in two regions, east with a PTU deployment that spills over, west with a standard quota. */
const ESTATE = {
  deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
  resources: {
    eastus: {
      region: 'East US',
      deployments: {
        'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 1_000, rpm: 100 } },
        ptu: { model: 'gpt-4o-2024-08-06', rateLimit: { ptu: 15 } },
        'ptu-spill': { model: 'gpt-4o-2024-08-06', rateLimit: { ptu: 15 }, spilloverDeployment: 'gpt-4o' },
      },
    },
    westus: { region: 'West US', deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 50_000 } } } },
  },
};

function client(sim: RunningSimulator, resource: string, options: { timeout?: number; deployment?: string } = {}): AzureOpenAI {
  return new AzureOpenAI({
    endpoint: `${sim.url}/r/${resource}`,
    apiKey: 'any-key',
    apiVersion: API_VERSION,
    deployment: options.deployment ?? 'gpt-4o',
    maxRetries: 0,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  });
}

function ask(openai: AzureOpenAI, maxTokens = 10, model = 'gpt-4o') {
  return openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: maxTokens }).withResponse();
}

async function drill(sim: RunningSimulator, resource: string, action: string, body?: unknown): Promise<Response> {
  return fetch(`${sim.url}/__sim/resources/${resource}/${action}`, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

async function statuses(sim: RunningSimulator): Promise<ResourceStatus[]> {
  return ((await (await fetch(`${sim.url}/__sim/resources`)).json()) as { resources: ResourceStatus[] }).resources;
}

test('a resource taken down answers the service 503, the other still answers, and up brings it back', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  const answer = await drill(sim, 'eastus', 'down');
  t.is(answer.status, 200);
  t.like(await answer.json(), { name: 'eastus', region: 'East US', status: 'down', condition: { kind: 'down' } });

  const refused = await t.throwsAsync(ask(client(sim, 'eastus')), { instanceOf: APIError });
  t.is(refused.status, 503);
  t.is(refused.headers?.get('x-ms-region'), 'East US');
  t.regex(refused.message, /That model is currently overloaded/);
  t.is((await ask(client(sim, 'westus'))).response.status, 200);
  t.deepEqual(
    (await statuses(sim)).map(({ name, status }) => [name, status]),
    [
      ['default', 'up'],
      ['eastus', 'down'],
      ['westus', 'up'],
    ],
  );

  t.like(await (await drill(sim, 'EastUS', 'up')).json(), { name: 'eastus', status: 'up' });
  t.is((await ask(client(sim, 'eastus'))).response.status, 200);
});

test('the list names every resource with its deployments and how to reach it, the simulator own first', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  const [own, east] = await statuses(sim);
  t.deepEqual(own, { name: 'default', region: 'East US', status: 'up', deployments: ['gpt-4o'], endpoints: { prefix: '', hosts: [] } });
  t.deepEqual(east!.endpoints, { prefix: '/r/eastus', hosts: ['eastus.localhost'] });
  t.deepEqual(east!.deployments, ['gpt-4o', 'ptu', 'ptu-spill']);
});

test('down in timeout mode answers nothing until the client gives up; in reset mode the connection is reset', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  await drill(sim, 'eastus', 'down', { mode: 'timeout' });
  await t.throwsAsync(ask(client(sim, 'eastus', { timeout: 300 })), { instanceOf: APIConnectionTimeoutError });
  await drill(sim, 'eastus', 'down', { mode: 'reset' });
  const error = await t.throwsAsync(ask(client(sim, 'eastus')), { instanceOf: APIConnectionError });
  t.false(error instanceof APIConnectionTimeoutError);
  t.is((await ask(client(sim, 'westus'))).response.status, 200);
});

test('a degraded quota halves x-ratelimit-limit-tokens and refuses at half the tokens', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  const east = client(sim, 'eastus');
  t.like(await (await drill(sim, 'eastus', 'degrade', { quotaFactor: 0.5 })).json(), {
    status: 'degraded',
    condition: { kind: 'degrade', quotaFactor: 0.5, current: { quotaFactor: 0.5 } },
  });
  // 8 prompt tokens + 300: one fits the 500 left of 1 000, a second does not
  const first = await ask(east, 300);
  t.is(first.response.headers.get('x-ratelimit-limit-tokens'), '500');
  t.is(first.response.headers.get('x-ratelimit-limit-requests'), '50');
  await t.throwsAsync(ask(east, 300), { instanceOf: RateLimitError });
  // the control API's limits show the adjusted quota too, and only on the resource under the drill
  const { deployments } = (await (await fetch(`${sim.url}/__sim/limits`)).json()) as {
    deployments: Array<{ resource: string; deployment: string; tokens?: { limit: number } }>;
  };
  const limitOf = (resource: string) =>
    deployments.find((each) => each.resource === resource && each.deployment === 'gpt-4o')?.tokens?.limit;
  t.is(limitOf('eastus'), 500);
  t.is(limitOf('westus'), 50_000);
  await drill(sim, 'eastus', 'up');
  const restored = await ask(east, 300);
  t.is(restored.response.headers.get('x-ratelimit-limit-tokens'), '1000');
});

test('an error rate of 1 answers every request 503; of 0.5 some of them, with the status asked for', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  await drill(sim, 'westus', 'degrade', { errorRate: 1 });
  for (let i = 0; i < 5; i++) t.is((await t.throwsAsync(ask(client(sim, 'westus')), { instanceOf: APIError })).status, 503);
  t.is((await ask(client(sim, 'eastus'))).response.status, 200);
  await drill(sim, 'westus', 'degrade', { errorRate: 0.5, status: 500 });
  const outcomes: number[] = [];
  for (let i = 0; i < 40; i++)
    outcomes.push(
      await ask(client(sim, 'westus')).then(
        () => 200,
        (error: APIError) => error.status ?? 0,
      ),
    );
  const failed = outcomes.filter((status) => status === 500).length;
  t.true(failed > 5 && failed < 35, `${failed} of 40 failed`);
  t.deepEqual(new Set(outcomes), new Set([200, 500]));
});

test('a saturated PTU refuses with its 429 at 100% utilization, and a spillover deployment takes the request', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  await drill(sim, 'eastus', 'degrade', { ptuSaturated: true });
  const refused = await t.throwsAsync(ask(client(sim, 'eastus', { deployment: 'ptu' }), 10, 'ptu'), { instanceOf: RateLimitError });
  t.is(refused.headers?.get('azure-openai-deployment-utilization'), '100.0%');
  t.truthy(refused.headers?.get('retry-after-ms'));
  const spilled = await ask(client(sim, 'eastus', { deployment: 'ptu-spill' }), 10, 'ptu-spill');
  t.is(spilled.response.headers.get('x-ms-spillover-from-deployment'), 'ptu-spill');
  t.is(spilled.response.headers.get('x-ms-deployment-name'), 'gpt-4o');
  // a standard deployment of the same resource is not provisioned: saturation leaves it alone
  t.is((await ask(client(sim, 'eastus'))).response.status, 200);
});

test('a drill call names the resources when it names none of them, and the field when its body is wrong', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  const unknown = await drill(sim, 'centralus', 'down');
  t.is(unknown.status, 404);
  t.regex(((await unknown.json()) as { error: { message: string } }).error.message, /"centralus".*"default", "eastus", "westus"/);
  const cases: Array<[string, unknown, RegExp]> = [
    ['degrade', { quotaFactor: 1.5 }, /"quotaFactor" must be <= 1/],
    ['degrade', { latencyFactor: 0.5 }, /"latencyFactor" must be >= 1/],
    ['degrade', {}, /at least one of latencyFactor, quotaFactor, errorRate, ptuSaturated/],
    ['degrade', { durationMs: 100 }, /at least one of/],
    ['down', { mode: 'sideways' }, /"mode" must be equal to one of the allowed values/],
    ['down', { outage: true }, /"outage" is not a setting/],
    ['up', { recoverOverMs: -1 }, /"recoverOverMs" must be >= 1/],
  ];
  for (const [action, body, message] of cases) {
    const answer = await drill(sim, 'eastus', action, body);
    t.is(answer.status, 400, `${action} ${JSON.stringify(body)}`);
    t.regex(((await answer.json()) as { error: { message: string } }).error.message, message);
  }
  t.is((await statuses(sim))[1]!.status, 'up', 'nothing refused took effect');
});

test('a reset of the whole simulator lifts every drill; the control access rules apply to drills', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  await drill(sim, 'eastus', 'down');
  await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
  t.is((await ask(client(sim, 'eastus'))).response.status, 200);

  const guarded = await startTestSimulator(t, { scenarios: ESTATE, adminApiKey: 'admin' });
  t.is((await drill(guarded, 'eastus', 'down')).status, 401);
  t.is((await fetch(`${guarded.url}/__sim/resources`)).status, 401);
  const keyed = await fetch(`${guarded.url}/__sim/resources/eastus/down`, { method: 'POST', headers: { 'x-sim-admin-key': 'admin' } });
  t.like(await keyed.json(), { status: 'down' });
});

test('a resource that is down is down for its listings too: 503, a hang or a reset, while the other lists its models', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  const models = (resource: string, timeout?: number) => client(sim, resource, timeout === undefined ? {} : { timeout }).models.list();
  t.true((await models('eastus')).data.length > 0);
  await drill(sim, 'eastus', 'down');
  const refused = await t.throwsAsync(models('eastus'), { instanceOf: APIError });
  t.is(refused.status, 503);
  t.is(refused.headers?.get('x-ms-region'), 'East US');
  t.true((await models('westus')).data.length > 0);
  await drill(sim, 'eastus', 'down', { mode: 'timeout' });
  await t.throwsAsync(models('eastus', 300), { instanceOf: APIConnectionTimeoutError });
  await drill(sim, 'eastus', 'down', { mode: 'reset' });
  const reset = await t.throwsAsync(models('eastus'), { instanceOf: APIConnectionError });
  t.false(reset instanceof APIConnectionTimeoutError);
  await drill(sim, 'eastus', 'up');
  t.true((await models('eastus')).data.length > 0);
});
