import test, { type ExecutionContext } from 'ava';
import { RateLimitError } from 'openai';
import { azureClient } from '../test-support/clients.ts';
import { hasRedisServer, startTestRedis } from '../test-support/redis-server.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { withinOneMinute } from '../test-support/one-minute.ts';
import { parseExposition, sampleValue, SimMetrics, type Exposition } from './index.ts';

/*
 * The quotas as Prometheus series, read at scrape time: a Grafana panel draws the limit beside the use, as the page
 * does, from the same figures GET /__sim/limits shows.
 */

const SCENARIOS = {
  server: { region: 'Sweden Central' },
  deployments: {
    'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 1_000, rpm: 600, window: 'per-minute' as const } },
    ptu: { model: 'gpt-4o-2024-08-06', rateLimit: { ptu: 1, tokensPerPtuPerMinute: 100 } },
    free: { model: 'gpt-4o-2024-08-06' },
  },
  scenarios: [{ name: 'greeting', respond: { content: 'Hello.' } }],
};
const GPT4O = { resource: 'default', region: 'Sweden Central', deployment: 'gpt-4o' };
const PTU = { resource: 'default', region: 'Sweden Central', deployment: 'ptu' };

async function scrape(url: string): Promise<Exposition> {
  return parseExposition(await (await fetch(`${url}/metrics`)).text());
}

async function limitsOf(url: string, deployment: string) {
  const { deployments } = (await (await fetch(`${url}/__sim/limits`)).json()) as {
    deployments: Array<{ deployment: string; tokens?: { limit: number; used: number; remaining: number }; utilization?: number }>;
  };
  return deployments.find((each) => each.deployment === deployment)!;
}

async function quotasFollowTheLimits(t: ExecutionContext, server?: Record<string, unknown>) {
  const sim = await startTestSimulator(t, { scenarios: { ...SCENARIOS, server: { ...SCENARIOS.server, ...server } } });
  let e = await scrape(sim.url);
  t.is(sampleValue(e, 'aoai_sim_quota_limit', { ...GPT4O, kind: 'tokens' }), 1_000);
  t.is(sampleValue(e, 'aoai_sim_quota_limit', { ...GPT4O, kind: 'requests' }), 600);
  t.is(sampleValue(e, 'aoai_sim_quota_remaining', { ...GPT4O, kind: 'tokens' }), 1_000);
  t.is(sampleValue(e, 'aoai_sim_quota_used', { ...GPT4O, kind: 'requests' }), 0);
  t.is(sampleValue(e, 'aoai_sim_ptu_utilization_ratio', PTU), 0);
  t.is(
    sampleValue(e, 'aoai_sim_quota_limit', { resource: 'default', region: 'Sweden Central', deployment: 'free', kind: 'tokens' }),
    undefined,
  );

  const client = azureClient(sim, { deployment: 'gpt-4o' });
  // the 429 below and the quota used after it are counted in one per-minute window
  await withinOneMinute();
  await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 600, messages: [{ role: 'user', content: 'hi' }] });
  await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', max_tokens: 600, messages: [{ role: 'user', content: 'hi' }] }), {
    instanceOf: RateLimitError,
  });
  await azureClient(sim, { deployment: 'ptu' }).chat.completions.create({
    model: 'ptu',
    max_tokens: 40,
    messages: [{ role: 'user', content: 'hi' }],
  });
  e = await scrape(sim.url);
  const gpt4o = await limitsOf(sim.url, 'gpt-4o');
  t.true(gpt4o.tokens!.used > 0);
  t.is(sampleValue(e, 'aoai_sim_quota_used', { ...GPT4O, kind: 'tokens' }), gpt4o.tokens!.used);
  t.is(sampleValue(e, 'aoai_sim_quota_remaining', { ...GPT4O, kind: 'tokens' }), gpt4o.tokens!.remaining);
  t.is(sampleValue(e, 'aoai_sim_quota_used', { ...GPT4O, kind: 'requests' }), 1);
  const ptu = await limitsOf(sim.url, 'ptu');
  t.true(ptu.utilization! > 0);
  // the bucket drains as time passes: the scrape's reading is at most what the limits showed a moment before
  const utilization = sampleValue(e, 'aoai_sim_ptu_utilization_ratio', PTU)!;
  t.true(utilization > 0 && utilization <= 1, String(utilization));
  t.is(sampleValue(e, 'aoai_sim_quota_limit', { ...PTU, kind: 'tokens' }), ptu.tokens!.limit);

  // a drill's temporary quota adjustment lowers the limit in force, as the data plane's headers show it
  const degraded = await fetch(`${sim.url}/__sim/resources/default/degrade`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ quotaFactor: 0.5 }),
  });
  t.is(degraded.status, 200);
  e = await scrape(sim.url);
  t.is(sampleValue(e, 'aoai_sim_quota_limit', { ...GPT4O, kind: 'tokens' }), 500);
}

test('/metrics has each deployment’s quota: limit, used and remaining by kind, and PTU utilization', async (t) => {
  await quotasFollowTheLimits(t);
});

const redisTest = hasRedisServer() ? test : test.skip;
redisTest('with the Redis state store, the quota series read the shared windows', async (t) => {
  const redis = await startTestRedis(t);
  await quotasFollowTheLimits(t, { state: { store: 'redis', url: redis.url } });
});

test('the quota series are bounded: past the cap, the deployments left are summed under (other)', async (t) => {
  const metrics = new SimMetrics({ maxLabelValues: 2 });
  const quota = (deployment: string, limit: number) => ({
    resource: 'default',
    region: 'East US',
    deployment,
    tokens: { limit, used: 0, remaining: limit },
  });
  metrics.setQuotaSource(async () => [quota('a', 1), quota('b', 10), quota('c', 100), quota('d', 1_000)]);
  const e = parseExposition((await metrics.render()).body);
  const limits = e.samples.filter((sample) => sample.name === 'aoai_sim_quota_limit');
  t.deepEqual(
    limits.map((sample) => [sample.labels.deployment, sample.value]),
    [
      ['a', 1],
      ['b', 10],
      ['(other)', 1_100],
    ],
  );
});

test('a quota source that fails leaves the quota series out of that scrape, and the scrape answers', async (t) => {
  const metrics = new SimMetrics();
  metrics.setQuotaSource(async () => {
    throw new Error('the store is away');
  });
  const e = parseExposition((await metrics.render()).body);
  t.is(e.samples.filter((sample) => sample.name.startsWith('aoai_sim_quota')).length, 0);
  t.true(e.types.has('aoai_sim_quota_limit'));
});
