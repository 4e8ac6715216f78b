import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AzureOpenAI } from 'openai';
import { parseExposition, sampleValue } from '../metrics/index.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

/** The labels of the simulator's own resource, in its default region, that every per-request series carries. */
const OWN_RESOURCE = { resource: 'default', region: 'East US' };

const SCENARIOS = yaml`
  server: { journal: { maxEntries: 3 } }
  deployments:
    gpt-4o: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 100000, rpm: 12, burstWindow: 10s } }
  scenarios:
    - { name: greeting, match: { lastUserMessage: { contains: hello } }, respond: { content: Hi there! } }
`;

async function setup(t: import('ava').ExecutionContext) {
  const dir = await tempTree(t, { 'scenarios.yaml': SCENARIOS });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
  const get = async (path: string) => (await (await fetch(`${sim.url}${path}`)).json()) as Record<string, any>;
  return { dir, sim, get };
}

test('the journal records each request with its tokens, limiter decision and rule; filters and the count form', async (t) => {
  const { sim, get } = await setup(t);
  const client = new AzureOpenAI({
    endpoint: sim.url,
    apiKey: 'k',
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o',
    maxRetries: 0,
    defaultHeaders: { 'x-sim-test-id': 'journal-test' },
  });
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'anything' }] }).catch(() => undefined);
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'third' }] }).catch(() => undefined);

  const { entries } = await get('/__sim/journal?testId=journal-test');
  t.is(entries.length, 3);
  const [first, , third] = entries;
  t.is(first.rule, 'greeting');
  t.is(first.status, 200);
  t.is(first.tokens.completion, 3);
  t.is(first.limiter.decision, 'admitted');
  t.true(first.tokens.estimate > first.tokens.prompt);
  t.is(first.request.headers['api-key'], 'REDACTED');
  t.deepEqual(first.request.body.messages, [{ role: 'user', content: 'hello' }]);
  t.is(third.status, 429, 'the third call broke the 10 s burst of 2 that 12 RPM allows');
  t.deepEqual(third.limiter.decision, 'refused');
  t.deepEqual(await get('/__sim/journal?deployment=gpt-4o&status=429&count'), { count: 1 });
  t.deepEqual(await get('/__sim/journal?rule=greeting&count'), { count: 1 });
  t.is((await fetch(`${sim.url}/__sim/journal?status=abc`)).status, 400);
});

test('the journal is a ring: bounded, with the drops counted; DELETE empties it', async (t) => {
  const { sim, get } = await setup(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  for (let i = 0; i < 5; i++)
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `hello ${i}` }] }).catch(() => undefined);
  const { entries, stats } = await get('/__sim/journal');
  t.is(entries.length, 3);
  t.is(stats.dropped, 2);
  t.is(((await (await fetch(`${sim.url}/__sim/journal`, { method: 'DELETE' })).json()) as { removed: number }).removed, 3);
  t.is((await get('/__sim/journal')).entries.length, 0);
});

test('GET /metrics counts requests, tokens and 429s after a scripted set of requests', async (t) => {
  const { sim } = await setup(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const first = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
  await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] }));
  const response = await fetch(`${sim.url}/metrics`);
  t.regex(response.headers.get('content-type') ?? '', /text\/plain/);
  const samples = parseExposition(await response.text());
  t.is(sampleValue(samples, 'aoai_sim_requests_total', { ...OWN_RESOURCE, deployment: 'gpt-4o', operation: 'chat', status: '200' }), 2);
  t.is(sampleValue(samples, 'aoai_sim_requests_total', { ...OWN_RESOURCE, deployment: 'gpt-4o', operation: 'chat', status: '429' }), 1);
  t.is(sampleValue(samples, 'aoai_sim_rate_limited_total', { ...OWN_RESOURCE, deployment: 'gpt-4o', reason: 'requests' }), 1);
  t.is(
    sampleValue(samples, 'aoai_sim_prompt_tokens_total', { ...OWN_RESOURCE, deployment: 'gpt-4o', operation: 'chat' }),
    2 * (first.usage?.prompt_tokens ?? 0),
  );
  t.is(sampleValue(samples, 'aoai_sim_completion_tokens_total', { ...OWN_RESOURCE, deployment: 'gpt-4o', operation: 'chat' }), 6);
  t.is(sampleValue(samples, 'aoai_sim_request_duration_seconds_count', { ...OWN_RESOURCE, deployment: 'gpt-4o', operation: 'chat' }), 3);
  t.is(sampleValue(samples, 'aoai_sim_journal_entries', {}), 3);
});

test('hot reload: a valid change takes effect; an invalid one keeps the old set and reports its position', async (t) => {
  const { dir, sim, get } = await setup(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const answer = async () =>
    (await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] })).choices[0]?.message.content;
  t.is(await answer(), 'Hi there!');
  t.is((await get('/__sim/config')).lastReload, null, 'no reload yet');
  await writeFile(join(dir, 'scenarios.yaml'), SCENARIOS.replace('Hi there!', 'Reloaded!').replace('rpm: 12', 'rpm: 600'));
  // asked through the control API, which no quota limits: the old set allows two chat requests in 10 s, so asking
  // the data plane until the new answer came failed with a 429 whenever the reload took more than one try
  let reload: Record<string, any> = {};
  for (let i = 0; i < 40 && reload.ok !== true; i++) {
    await sleep(100);
    reload = (await get('/__sim/config')).lastReload ?? {};
  }
  t.true(reload.ok);
  t.is(await answer(), 'Reloaded!');

  await writeFile(join(dir, 'scenarios.yaml'), SCENARIOS.replace('model: gpt-4o-2024-08-06', 'modell: gpt-4o-2024-08-06'));
  let status: Record<string, any> = {};
  for (let i = 0; i < 40 && status.ok !== false; i++) {
    await sleep(100);
    status = (await get('/__sim/config')).lastReload ?? {};
  }
  t.false(status.ok);
  t.regex(status.errors.join('\n'), /scenarios\.yaml:3:13: \/deployments\/gpt-4o\/modell is not a known property/);
  t.is(await answer(), 'Reloaded!', 'the old configuration stays in force');
});
