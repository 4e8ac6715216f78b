import test from 'ava';
import { OpenAI } from 'openai';
import type { JournalEntry } from '../journal/index.ts';
import type { RunningSimulator } from '../server.ts';
import { portkeyAzureConfig, portkeyClientOptions, portkeyForFile, RETRYABLE_STATUS_CODES } from '../test-support/portkey-gateway.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

// The issue's acceptance drill: a real gateway (Portkey) in front of two resources of ONE simulator, reached by
// their path prefixes, in a fallback group; the drills come from the control API, the evidence from the journal.
const portkey = portkeyForFile(test);
const drill = portkey.installed ? test.serial : test.skip;

/**
 * East US: a provisioned gpt-4o of one small PTU (1,000 tokens a minute, so the bucket drains 17 tokens a second);
 * West US: a pay-as-you-go one. East US answers about 300 tokens, so a few calls fill its bucket.
 */
const ESTATE = {
  resources: {
    eastus: {
      region: 'East US',
      apiKeys: ['east-key'],
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { ptu: 1, tokensPerPtuPerMinute: 1_000 } } },
    },
    westus: {
      region: 'West US',
      apiKeys: ['west-key'],
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 1_000_000 } } },
    },
  },
  scenarios: [{ name: 'long-answers-in-the-east', match: { resource: 'eastus' }, respond: { content: 'word '.repeat(300).trim() } }],
};

function throughGateway(sim: RunningSimulator, testId: string): OpenAI {
  const config = portkeyAzureConfig(
    [
      { baseUrl: `${sim.url}/r/eastus`, apiKey: 'east-key', deployment: 'gpt-4o' },
      { baseUrl: `${sim.url}/r/westus`, apiKey: 'west-key', deployment: 'gpt-4o' },
    ],
    { mode: 'fallback', onStatusCodes: RETRYABLE_STATUS_CODES, forwardHeaders: ['x-sim-test-id'] },
  );
  const options = portkeyClientOptions(portkey.gateway(), config);
  return new OpenAI({ ...options, maxRetries: 0, defaultHeaders: { ...options.defaultHeaders, 'x-sim-test-id': testId } });
}

/** Each request of a test id, in order, as `resource status` (and the drill that answered, if one did). */
async function journal(sim: RunningSimulator, testId: string): Promise<string[]> {
  const { entries } = (await (await fetch(`${sim.url}/__sim/journal?testId=${testId}`)).json()) as { entries: JournalEntry[] };
  return entries.map((entry) => `${entry.resource} ${entry.status}${entry.fault ? ` ${entry.fault}` : ''}`);
}

async function control(sim: RunningSimulator, path: string, body: unknown = {}): Promise<void> {
  const response = await fetch(`${sim.url}/__sim/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

async function chat(client: OpenAI, maxTokens = 20): Promise<string | null> {
  const { response } = await client.chat.completions
    .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }], max_tokens: maxTokens })
    .withResponse();
  return response.headers.get('x-ms-region');
}

drill(
  'East US goes down: the gateway moves every call to West US, no call fails, and East US takes them again when it is back',
  async (t) => {
    const sim = await startTestSimulator(t, { scenarios: ESTATE });
    const client = throughGateway(sim, 'outage');
    t.deepEqual([await chat(client), await chat(client)], ['East US', 'East US']);

    await control(sim, 'resources/eastus/down');
    t.deepEqual([await chat(client), await chat(client), await chat(client)], ['West US', 'West US', 'West US']);

    await control(sim, 'resources/eastus/up');
    t.is(await chat(client), 'East US');
    t.deepEqual(await journal(sim, 'outage'), [
      'eastus 200',
      'eastus 200',
      'eastus 503 resource:down',
      'westus 200',
      'eastus 503 resource:down',
      'westus 200',
      'eastus 503 resource:down',
      'westus 200',
      'eastus 200',
    ]);
  },
);

drill("East US's PTU deployment saturates under load: its 429s send the overflow to West US, with no failed call", async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  const client = throughGateway(sim, 'saturation');
  const regions: Array<string | null> = [];
  for (let i = 0; i < 8; i++) regions.push(await chat(client, 400));
  // East US until its bucket is full, then West US: it drains far slower than these calls come
  const firstWest = regions.indexOf('West US');
  t.true(firstWest >= 2, regions.join(', '));
  t.deepEqual(regions.slice(0, firstWest), Array(firstWest).fill('East US'));
  t.deepEqual(regions.slice(firstWest), Array(8 - firstWest).fill('West US'));
  const seen = await journal(sim, 'saturation');
  t.deepEqual(
    seen.filter((entry) => entry.startsWith('eastus')),
    [...Array(firstWest).fill('eastus 200'), ...Array(8 - firstWest).fill('eastus 429')],
  );
  t.deepEqual(
    seen.filter((entry) => entry.startsWith('westus')),
    Array(8 - firstWest).fill('westus 200'),
  );
});

drill('East US degraded to failing every call: the gateway falls back, and East US serves again once it is up', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  const client = throughGateway(sim, 'degraded');
  await control(sim, 'resources/eastus/degrade', { errorRate: 1, status: 500 });
  t.deepEqual([await chat(client), await chat(client)], ['West US', 'West US']);
  await control(sim, 'resources/eastus/up');
  t.is(await chat(client), 'East US');
  t.deepEqual(await journal(sim, 'degraded'), [
    'eastus 500 resource:degraded',
    'westus 200',
    'eastus 500 resource:degraded',
    'westus 200',
    'eastus 200',
  ]);
});
