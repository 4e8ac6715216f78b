import test from 'ava';
import { AzureOpenAI, RateLimitError } from 'openai';
import { API_VERSION } from '../test-support/clients.ts';
import { connectionPerRequest, startTwoWorkers } from '../test-support/workers-process.ts';
import { withinOneMinute } from '../test-support/one-minute.ts';
import { parseExposition, sampleValue } from './index.ts';

const SCENARIOS = `
deployments:
  gpt-4o: { model: gpt-4o-2024-08-06 }
resources:
  eastus:
    region: East US
    deployments:
      # its own RPM, well above the 6 that 1,000 TPM would give: a 429 near the minute's end is for tokens too
      gpt-4o: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 1000, rpm: 1000, window: per-minute } }
  westus: { region: West US }
`;

test('--workers 2: /metrics sums each resource and region series over the workers, and keeps resources apart', async (t) => {
  t.timeout(120_000);
  const { url, stop } = await startTwoWorkers(t, SCENARIOS);
  const client = (resource: string) =>
    new AzureOpenAI({
      endpoint: `${url}/r/${resource}`,
      apiKey: 'any',
      apiVersion: API_VERSION,
      deployment: 'gpt-4o',
      maxRetries: 0,
      fetch: connectionPerRequest,
    });
  const ask = (resource: string, maxTokens = 10) =>
    client(resource).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: maxTokens });

  // the three requests to eastus are counted in one per-minute window
  await withinOneMinute();
  await ask('eastus', 600);
  await t.throwsAsync(ask('eastus', 600), { instanceOf: RateLimitError });
  await t.throwsAsync(ask('eastus', 600), { instanceOf: RateLimitError });
  for (let i = 0; i < 4; i++) await ask('westus');

  const journal = (await (await connectionPerRequest(`${url}/__sim/journal`)).json()) as { entries: Array<{ replica?: string }> };
  t.deepEqual([...new Set(journal.entries.map((entry) => entry.replica))].sort(), ['worker-1', 'worker-2'], 'both workers served');
  const e = parseExposition(await (await connectionPerRequest(`${url}/metrics`)).text());
  const east = { resource: 'eastus', region: 'East US', deployment: 'gpt-4o' };
  const west = { resource: 'westus', region: 'West US', deployment: 'gpt-4o' };
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...east, operation: 'chat', status: '200' }), 1);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...east, operation: 'chat', status: '429' }), 2, 'summed over the workers');
  t.is(sampleValue(e, 'aoai_sim_rate_limited_total', { ...east, reason: 'tokens' }), 2);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...west, operation: 'chat', status: '200' }), 4);
  t.is(sampleValue(e, 'aoai_sim_request_duration_seconds_count', { ...west, operation: 'chat' }), 4);
  t.is(sampleValue(e, 'aoai_sim_request_duration_seconds_bucket', { ...west, operation: 'chat', le: '+Inf' }), 4);
  const requests = e.samples.filter((sample) => sample.name === 'aoai_sim_requests_total');
  t.is(requests.length, 3, 'one series per resource, deployment and status, whichever worker counted it');

  t.is(await stop(), 0);
});
