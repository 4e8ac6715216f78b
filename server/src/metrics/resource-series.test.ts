import test from 'ava';
import { AuthenticationError, AzureOpenAI, RateLimitError } from 'openai';
import { API_VERSION } from '../test-support/clients.ts';
import { freePort } from '../test-support/free-port.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { parseExposition, sampleValue } from './index.ts';

/** Two resources in two regions, each with a deployment named gpt-4o; the eastern one's quota holds one request. */
function estate(westPort: number) {
  return {
    server: { region: 'Sweden Central' },
    deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
    resources: {
      eastus: {
        region: 'East US',
        deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 1_000 } } },
      },
      westus: { region: 'West US', port: westPort, apiKeys: ['west-key'] },
    },
  };
}

function client(endpoint: string, apiKey = 'any-key'): AzureOpenAI {
  return new AzureOpenAI({ endpoint, apiKey, apiVersion: API_VERSION, deployment: 'gpt-4o', maxRetries: 0 });
}

const ask = (openai: AzureOpenAI, maxTokens = 10) =>
  openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: maxTokens });

const EAST = { resource: 'eastus', region: 'East US' };
const WEST = { resource: 'westus', region: 'West US' };
const OWN = { resource: 'default', region: 'Sweden Central' };

test('/metrics keeps two resources’ deployments of one name apart, each under its resource and region', async (t) => {
  const westPort = await freePort();
  const sim = await startTestSimulator(t, { scenarios: estate(westPort) });
  const east = client(`${sim.url}/r/eastus`);
  const west = client(`http://127.0.0.1:${westPort}`, 'west-key');

  await ask(east, 600);
  await t.throwsAsync(ask(east, 600), { instanceOf: RateLimitError });
  for (let i = 0; i < 3; i++) await ask(west);
  const stream = await west.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
  for await (const _chunk of stream);
  await ask(client(sim.url));
  await t.throwsAsync(ask(client(`http://127.0.0.1:${westPort}`, 'wrong-key')), { instanceOf: AuthenticationError });
  // a path no route serves, on a resource: Koa's 404, counted under the resource with no deployment or operation
  t.is((await fetch(`${sim.url}/r/westus/openai/no-such-path`, { headers: { 'api-key': 'west-key' } })).status, 404);

  const e = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  const requests = (where: Record<string, string>, status: string, deployment = 'gpt-4o', operation = 'chat') =>
    sampleValue(e, 'aoai_sim_requests_total', { ...where, deployment, operation, status });
  t.is(requests(EAST, '200'), 1);
  t.is(requests(EAST, '429'), 1);
  t.is(requests(WEST, '200'), 4);
  t.is(requests(WEST, '429'), undefined);
  t.is(requests(OWN, '200'), 1);
  t.is(
    sampleValue(e, 'aoai_sim_rate_limited_total', { ...EAST, deployment: 'gpt-4o', reason: 'tokens' }),
    1,
    'the 429 counts under its resource',
  );
  t.is(sampleValue(e, 'aoai_sim_rate_limited_total', { ...WEST, deployment: 'gpt-4o', reason: 'tokens' }), undefined);
  t.is(sampleValue(e, 'aoai_sim_request_duration_seconds_count', { ...WEST, deployment: 'gpt-4o', operation: 'chat' }), 4);
  t.is(
    sampleValue(e, 'aoai_sim_streams_in_flight', { ...WEST, deployment: 'gpt-4o' }),
    0,
    'the stream counted under its resource, and ended',
  );
  t.is(requests(WEST, '401', ''), 1, 'refused before its deployment was known, still under its resource');
  t.is(requests(WEST, '404', '', ''), 1);
  const regions = new Set(e.samples.filter((sample) => sample.name === 'aoai_sim_requests_total').map((sample) => sample.labels.region));
  t.deepEqual([...regions].sort(), ['East US', 'Sweden Central', 'West US']);
});
