import test from 'ava';
import { APIError, AzureOpenAI } from 'openai';
import { ManualClock, settle } from '../clock/index.ts';
import type { JournalEntry } from '../journal/index.ts';
import type { RunningSimulator } from '../server.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

const API_VERSION = '2024-10-21';

/** Two resources in two regions, each with a 1 s TTFT and a quota. */
const ESTATE = {
  deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', latency: { ttft: 1000, itl: 0 }, rateLimit: { tpm: 100_000 } } },
  resources: { eastus: { region: 'East US' }, westus: { region: 'West US' } },
};

function client(sim: RunningSimulator, resource: string): AzureOpenAI {
  return new AzureOpenAI({
    endpoint: `${sim.url}/r/${resource}`,
    apiKey: 'k',
    apiVersion: API_VERSION,
    deployment: 'gpt-4o',
    maxRetries: 0,
  });
}

/**
 * A request answered on the simulated clock, moved on a second at a time until the answer comes (so that the
 * journal's times are whole seconds): its headers. Bounded in steps, never in time.
 */
async function answered(sim: RunningSimulator, clock: ManualClock, resource: string, maxTokens = 10): Promise<Headers> {
  let outcome: { headers: Headers } | { error: unknown } | undefined;
  void client(sim, resource)
    .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: maxTokens })
    .withResponse()
    .then(
      ({ response }) => (outcome = { headers: response.headers }),
      (error: unknown) => (outcome = { error }),
    );
  for (let turn = 0; turn < 20_000 && outcome === undefined && clock.timers === 0; turn++) await settle();
  for (let step = 0; step < 120 && outcome === undefined; step++) {
    await clock.advance(1_000);
    for (let turn = 0; turn < 200 && outcome === undefined; turn++) await settle();
  }
  if (outcome === undefined) throw new Error('no answer within two simulated minutes');
  if ('error' in outcome) throw outcome.error;
  return outcome.headers;
}

async function drill(sim: RunningSimulator, resource: string, action: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${sim.url}/__sim/resources/${resource}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

async function journal(sim: RunningSimulator): Promise<JournalEntry[]> {
  return ((await (await fetch(`${sim.url}/__sim/journal`)).json()) as { entries: JournalEntry[] }).entries;
}

test('a latency factor multiplies the time to the answer on that resource only', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { clock, scenarios: ESTATE });
  await drill(sim, 'eastus', 'degrade', { latencyFactor: 3 });
  await answered(sim, clock, 'eastus');
  await answered(sim, clock, 'westus');
  t.deepEqual(
    (await journal(sim)).map((entry) => [entry.resource, entry.status, entry.latency.totalMs, entry.fault]),
    [
      ['eastus', 200, 3000, 'resource:degraded'],
      ['westus', 200, 1000, undefined],
    ],
  );
});

test('a condition with a duration lifts itself on the simulator clock', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { clock, scenarios: ESTATE });
  t.like(await drill(sim, 'eastus', 'down', { durationMs: 10_000 }), {
    status: 'down',
    condition: { setAt: '2025-01-01T00:00:00.000Z', liftsAt: '2025-01-01T00:00:10.000Z' },
  });
  await clock.advanceTo(9_999);
  t.is((await t.throwsAsync(answered(sim, clock, 'eastus'), { instanceOf: APIError })).status, 503);
  await clock.advanceTo(10_000);
  t.truthy(await answered(sim, clock, 'eastus'));
  t.like(((await (await fetch(`${sim.url}/__sim/resources`)).json()) as { resources: unknown[] }).resources[1], { status: 'up' });
});

test('a degraded quota recovers linearly over recoverOverMs after its duration', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { clock, scenarios: ESTATE });
  await drill(sim, 'eastus', 'degrade', { quotaFactor: 0.5, durationMs: 10_000, recoverOverMs: 10_000 });
  const limit = async () => (await answered(sim, clock, 'eastus', 1)).get('x-ratelimit-limit-tokens');
  t.is(await limit(), '50000');
  await clock.advanceTo(15_000);
  t.like(((await (await fetch(`${sim.url}/__sim/resources`)).json()) as { resources: unknown[] }).resources[1], {
    status: 'degraded',
    condition: { current: { quotaFactor: 0.75 } },
  });
  t.is(await limit(), '75000');
  await clock.advanceTo(20_000);
  t.is(await limit(), '100000');
});

test('up with recoverOverMs eases a degraded resource back from where it stands', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { clock, scenarios: ESTATE });
  await drill(sim, 'eastus', 'degrade', { latencyFactor: 5 });
  t.like(await drill(sim, 'eastus', 'up', { recoverOverMs: 4_000 }), { status: 'degraded', condition: { current: { latencyFactor: 5 } } });
  const east = async () => ((await (await fetch(`${sim.url}/__sim/resources`)).json()) as { resources: unknown[] }).resources[1];
  await clock.advance(2_000);
  t.like(await east(), { status: 'degraded', condition: { current: { latencyFactor: 3 } } });
  await clock.advance(2_000);
  t.like(await east(), { status: 'up' });
});

test('a scripted incident multiplies the latency of one region, and lowers its quota, for its window', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, {
    clock,
    scenarios: {
      ...ESTATE,
      incidents: [
        {
          name: 'east-brownout',
          phases: [
            { from: '10s', to: '20s', match: { region: 'East US' }, fault: { kind: 'latency', factor: 4 } },
            { from: '10s', to: '20s', match: { region: 'East US' }, fault: { kind: 'quota', factor: 0.25 } },
          ],
        },
      ],
    },
  });
  await clock.advanceTo(10_000);
  const east = await answered(sim, clock, 'eastus');
  const west = await answered(sim, clock, 'westus');
  t.is(east.get('x-ratelimit-limit-tokens'), '25000');
  t.is(west.get('x-ratelimit-limit-tokens'), '100000');
  const entries = await journal(sim);
  t.deepEqual(
    entries.map((entry) => [entry.resource, entry.latency.totalMs, entry.fault]),
    [
      ['eastus', 4000, 'incident:east-brownout'],
      ['westus', 1000, undefined],
    ],
  );
  // past the window, the region is itself again
  await clock.advanceTo(20_000);
  t.is((await answered(sim, clock, 'eastus')).get('x-ratelimit-limit-tokens'), '100000');
});

test('a latency or quota fault must say its factor, a quota fault cannot raise the quota nor be armed as a one-shot', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: ESTATE });
  const arm = (fault: unknown) =>
    fetch(`${sim.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault }) });
  const missing = await arm({ kind: 'latency' });
  t.is(missing.status, 400);
  t.regex(JSON.stringify(await missing.json()), /must have \\"factor\\"/);
  const raising = await arm({ kind: 'quota', factor: 2 });
  t.is(raising.status, 400);
  t.regex(JSON.stringify(await raising.json()), /must be at most 1/);
  // a one-shot is picked after admission, where a quota acts: it would be spent doing nothing
  const oneShot = await arm({ kind: 'quota', factor: 0.5 });
  t.is(oneShot.status, 400);
  t.regex(JSON.stringify(await oneShot.json()), /resources\/\{name\}\/degrade with a quotaFactor/);
  const slower = await arm({ kind: 'latency', factor: 2 });
  t.is(slower.status, 200);
});
