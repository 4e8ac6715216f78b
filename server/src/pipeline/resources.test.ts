import test from 'ava';
import { AzureOpenAI, RateLimitError } from 'openai';
import { Agent, fetch as undiciFetch } from 'undici';
import { freePort } from '../test-support/free-port.ts';
import { patchScenarios, startTestSimulator } from '../test-support/simulator.ts';
import type { RunningSimulator } from '../server.ts';

const API_VERSION = '2024-10-21';

/** Two resources in two regions, each with its own quota on a deployment of the same name, and the simulator's own. */
function estate(westPort: number) {
  return {
    server: { region: 'Sweden Central' },
    deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
    resources: {
      eastus: {
        region: 'East US',
        hosts: ['aoai-east.example.test'],
        deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 1_000, rpm: 100 } } },
      },
      westus: {
        region: 'West US',
        port: westPort,
        apiKeys: ['west-key'],
        deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 50_000 } } },
      },
    },
    scenarios: [
      { name: 'only-in-west', match: { resource: 'westus', lastUserMessage: 'where' }, respond: { content: 'west coast' } },
      { name: 'by-region', match: { region: 'East US', lastUserMessage: 'where' }, respond: { content: 'east coast' } },
    ],
  };
}

/** A client whose every host name resolves to loopback, as `*.localhost` does on most systems (not on this one). */
function loopbackFetch(): typeof fetch {
  const dispatcher = new Agent({ connect: { lookup: (_host, _options, done) => done(null, [{ address: '127.0.0.1', family: 4 }]) } });
  return ((input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as string, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
}

function client(endpoint: string, apiKey = 'any-key', custom?: typeof fetch): AzureOpenAI {
  return new AzureOpenAI({
    endpoint,
    apiKey,
    apiVersion: API_VERSION,
    deployment: 'gpt-4o',
    maxRetries: 0,
    ...(custom ? { fetch: custom } : {}),
  });
}

async function ask(openai: AzureOpenAI, content = 'hi', maxTokens = 10) {
  return openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }], max_tokens: maxTokens }).withResponse();
}

async function start(t: Parameters<typeof startTestSimulator>[0]): Promise<{ sim: RunningSimulator; westPort: number }> {
  const westPort = await freePort();
  return { sim: await startTestSimulator(t, { scenarios: estate(westPort) }), westPort };
}

test('each request lands on the resource its path prefix, port or host name names, with that resource region', async (t) => {
  const { sim, westPort } = await start(t);
  const port = new URL(sim.url).port;
  const reached = [
    [`${sim.url}/r/eastus`, 'any-key', undefined, 'East US'],
    [`http://eastus.localhost:${port}`, 'any-key', loopbackFetch(), 'East US'],
    [`http://aoai-east.example.test:${port}`, 'any-key', loopbackFetch(), 'East US'],
    [`http://127.0.0.1:${westPort}`, 'west-key', undefined, 'West US'],
    [`${sim.url}/r/westus`, 'west-key', undefined, 'West US'],
    [`http://westus.localhost:${port}`, 'west-key', loopbackFetch(), 'West US'],
    [sim.url, 'any-key', undefined, 'Sweden Central'],
  ] as const;
  for (const [endpoint, key, custom, region] of reached) {
    const { response } = await ask(client(endpoint, key, custom));
    t.is(response.headers.get('x-ms-region'), region, endpoint);
  }
});

test('each resource has its own quota on a deployment of the same name', async (t) => {
  const { sim, westPort } = await start(t);
  const east = client(`${sim.url}/r/eastus`);
  const west = client(`http://127.0.0.1:${westPort}`, 'west-key');
  const first = await ask(east, 'hi', 600);
  t.is(first.response.headers.get('x-ratelimit-limit-tokens'), '1000');
  const refused = await t.throwsAsync(ask(east, 'hi', 600), { instanceOf: RateLimitError });
  t.truthy(refused.headers?.get('retry-after-ms'));
  const other = await ask(west, 'hi', 600);
  t.is(other.response.headers.get('x-ratelimit-limit-tokens'), '50000');
  t.is(other.response.headers.get('x-ratelimit-remaining-tokens'), String(50_000 - 608));
  // the simulator's own deployment has no quota at all
  t.is((await ask(client(sim.url), 'hi', 600)).response.headers.get('x-ratelimit-limit-tokens'), null);
});

test("a resource's own keys are the only ones it accepts", async (t) => {
  const { sim, westPort } = await start(t);
  const error = await t.throwsAsync(ask(client(`http://127.0.0.1:${westPort}`, 'any-key')));
  t.is((error as { status?: number }).status, 401);
  t.is((await ask(client(`${sim.url}/r/eastus`, 'any-key'))).response.status, 200);
});

test('scenario rules can be scoped to a resource or a region', async (t) => {
  const { sim, westPort } = await start(t);
  const answer = async (openai: AzureOpenAI) => (await ask(openai, 'where')).data.choices[0]!.message.content;
  t.is(await answer(client(`http://127.0.0.1:${westPort}`, 'west-key')), 'west coast');
  t.is(await answer(client(`${sim.url}/r/eastus`)), 'east coast');
  t.not(await answer(client(sim.url)), 'east coast');
});

test('a path prefix that names no resource gets the service 404, and listings are per resource', async (t) => {
  const { sim } = await start(t);
  const response = await fetch(`${sim.url}/r/centralus/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: '{"messages":[{"role":"user","content":"hi"}]}',
  });
  t.is(response.status, 404);
  t.deepEqual(await response.json(), { error: { code: '404', message: 'Resource not found' } });
  const models = await fetch(`${sim.url}/r/eastus/openai/v1/models`, { headers: { 'api-key': 'k' } });
  t.is(models.headers.get('x-ms-region'), 'East US');
  t.deepEqual(
    ((await models.json()) as { data: Array<{ id: string }> }).data.map((model) => model.id),
    ['gpt-4o'],
  );
});

test('a reload changes what a resource serves; one it removes serves nothing, rather than the top-level deployments', async (t) => {
  const { sim } = await start(t);
  const east = client(`${sim.url}/r/eastus`);
  const patched = await patchScenarios(sim, {
    resources: { eastus: { deployments: { 'gpt-4o': null, 'gpt-4o-mini': { model: 'gpt-4o-mini-2024-07-18' } } } },
  });
  t.is(patched.status, 200, await patched.text());
  const mini = new AzureOpenAI({ endpoint: `${sim.url}/r/eastus`, apiKey: 'k', apiVersion: API_VERSION, deployment: 'gpt-4o-mini' });
  const answer = await mini.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  t.is(answer.model, 'gpt-4o-mini-2024-07-18');
  // its own gpt-4o gone, it serves the top-level one it inherits, which has no quota
  t.is((await ask(east)).response.headers.get('x-ratelimit-limit-tokens'), null);
  t.is((await patchScenarios(sim, { resources: { eastus: null } })).status, 200);
  const error = await t.throwsAsync(ask(east));
  t.is((error as { status?: number }).status, 404);
  t.is((error as { code?: string }).code, 'DeploymentNotFound');
  // the simulator's own resource still serves the top-level gpt-4o
  t.is((await ask(client(sim.url))).response.status, 200);
});
