import test from 'ava';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { openFeed } from './test-feed.ts';

const ADMIN = 'admin-secret';
const SCENARIOS = {
  deployments: {
    // a sliding window: a per-minute one starts again at each wall-clock minute, and a snapshot taken just past
    // one showed none of the quota the request had used a moment before (a CI failure)
    'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 100_000, rpm: 2, window: 'sliding' as const } },
  },
  scenarios: [{ name: 'greeting', respond: { content: 'Hello from the simulator.' } }],
};

test('the live feed pushes the quota, the new journal entries (no bodies) and 429s by reason', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const feed = await openFeed(sim.url);
  t.teardown(() => feed.close());
  t.is(feed.status, 200);
  t.regex(feed.contentType ?? '', /^text\/event-stream/);
  const first = await feed.next();
  t.deepEqual(
    first.deployments.map((each) => [each.deployment, each.tokens?.limit, each.tokens?.used]),
    [['gpt-4o', 100_000, 0]],
  );
  t.is(first.costMs, null, 'the first snapshot has no previous one to price');

  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const headers = { 'x-sim-test-id': 'feed-test' };
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { headers });
  const answered = await feed.until((snapshot) => snapshot.entries.length > 0);
  const [entry] = answered.entries;
  t.like(entry, { status: 200, deployment: 'gpt-4o', testId: 'feed-test', rule: 'greeting', operation: 'chat' });
  t.false('request' in entry! || 'response' in entry!, 'bodies and headers stay in the journal');
  t.true((answered.deployments[0]!.tokens?.used ?? 0) > 0, 'the quota used moved');
  t.is(typeof answered.costMs, 'number', 'a later snapshot says what the one before it cost');
  // the snapshot that first shows the request also has its latencies, from the histograms' totals
  t.true((answered.rates.totalMs?.p50 ?? 0) > 0, JSON.stringify(answered.rates));
  t.true((answered.rates.ttftMs?.p50 ?? 0) > 0, JSON.stringify(answered.rates));

  // the RPM of 2 (and its burst share) refuses what comes next in the minute
  let refusals = 0;
  for (let i = 0; i < 2; i++) {
    await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { headers })
      .catch((error: { status?: number }) => (refusals += error.status === 429 ? 1 : 0));
  }
  t.true(refusals > 0);
  const refused = await feed.until((snapshot) => snapshot.entries.some((each) => each.status === 429));
  t.is(refused.entries.find((each) => each.status === 429)?.limiter?.limit, 'call');
  // a rate is per interval: the refusal shows in this snapshot's or a later one's, by the reason it was refused for
  let counted = refused.rates.rateLimited.requests! * refused.rates.seconds;
  const enough = () => counted >= refusals - 0.5;
  if (!enough()) await feed.until((snapshot) => ((counted += snapshot.rates.rateLimited.requests! * snapshot.rates.seconds), enough()), 5);
  t.is(Math.round(counted), refusals);
});

test('with an admin key, the feed needs it and the page does not', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, adminApiKey: ADMIN });
  const without = await fetch(`${sim.url}/__sim/ui/events`);
  t.is(without.status, 401);
  t.is(((await without.json()) as { error: { code: string } }).error.code, 'AdminKeyRequired');
  const wrong = await fetch(`${sim.url}/__sim/ui/events`, { headers: { 'x-sim-admin-key': 'guess' } });
  t.is(wrong.status, 401);
  await wrong.body?.cancel();
  const feed = await openFeed(sim.url, { 'x-sim-admin-key': ADMIN });
  t.teardown(() => feed.close());
  t.is(feed.status, 200);
  t.is((await feed.next()).deployments[0]?.deployment, 'gpt-4o');
  // the page itself loads (built or not: never a 401), so that it can ask for the key
  const page = await fetch(`${sim.url}/__sim/ui`);
  await page.body?.cancel();
  t.not(page.status, 401);
});

test('the simulator closes at once with a page connected', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { ...SCENARIOS, server: { shutdownGraceMs: 30_000 } } });
  const feed = await openFeed(sim.url);
  await feed.next();
  const closing = sim.close();
  // the feed ends rather than holding the close for its 30 s grace period
  await t.throwsAsync(async () => {
    for (let i = 0; i < 15; i++) await feed.next();
  });
  await closing;
  t.pass();
});

test('the live feed follows the resources: a condition set by another client, and one that lifts itself', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const feed = await openFeed(sim.url);
  t.teardown(() => feed.close());
  const first = await feed.next();
  t.deepEqual(
    first.resources.map(({ name, status }) => [name, status]),
    [['default', 'up']],
  );
  const down = await fetch(`${sim.url}/__sim/resources/default/down`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 500, durationMs: 1_500 }),
  });
  t.is(down.status, 200);
  const shown = await feed.until((snapshot) => snapshot.resources[0]?.status === 'down');
  t.like(shown.resources[0]?.condition, { kind: 'down', status: 500, durationMs: 1_500 });
  t.truthy(shown.resources[0]?.condition?.liftsAt);
  // nobody brings it up: its duration does
  const lifted = await feed.until((snapshot) => snapshot.resources[0]?.status === 'up');
  t.is(lifted.resources[0]?.condition, undefined);
});
