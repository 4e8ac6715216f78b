import test from 'ava';
import { estimateTokens, InMemoryLimiterStore, RateLimiter } from './index.ts';
import { limitedDeployment, ManualClock } from '../test-support/limit-deployment.ts';

const T0 = 1_000_000_007;

function setup() {
  const clock = new ManualClock(T0);
  return { clock, rateLimiter: new RateLimiter(new InMemoryLimiterStore(), clock.now) };
}

test('a deployment without a rate limit, or with one that sets no quota, is unlimited: admitted, no headers', async (t) => {
  const { rateLimiter } = setup();
  for (const deployment of [limitedDeployment(undefined), limitedDeployment({ burstWindow: '1s', window: 'per-minute' })]) {
    for (let i = 0; i < 50; i++) {
      const decision = await rateLimiter.admit({ deployment, estimate: 1_000_000 });
      t.like(decision, { admitted: true, headers: {} });
      if (decision.admitted) await rateLimiter.settle(decision.admission, 5);
    }
    t.deepEqual(await rateLimiter.snapshot(deployment), { deployment: 'gpt-4o', mode: 'unlimited' });
  }
});

test('rpm alone limits requests only: no token headers, any estimate', async (t) => {
  const { rateLimiter } = setup();
  const deployment = limitedDeployment({ rpm: 120, burstWindow: '1s' });
  const decision = await rateLimiter.admit({ deployment, estimate: 10_000_000 });
  t.deepEqual(decision.headers, { 'x-ratelimit-limit-requests': '120', 'x-ratelimit-remaining-requests': '119' });
  t.true((await rateLimiter.admit({ deployment, estimate: 10_000_000 })).admitted);
  t.like(await rateLimiter.admit({ deployment, estimate: 1 }), { admitted: false, limit: 'call', retryAfterMs: 1000 });
});

test('the injected clock is the time when a request carries none', async (t) => {
  const { clock, rateLimiter } = setup();
  const deployment = limitedDeployment({ tpm: 1000, rpm: 600 });
  await rateLimiter.admit({ deployment, estimate: 1000 });
  clock.time = T0 + 15_000;
  t.like(await rateLimiter.admit({ deployment, estimate: 1 }), { admitted: false, retryAfterMs: 45_000 });
  clock.time = T0 + 60_000;
  const decision = await rateLimiter.admit({ deployment, estimate: 1 });
  t.like(decision, { admitted: true, admission: { deployment: 'gpt-4o', estimate: 1, at: T0 + 60_000 } });
});

test('snapshot: the windows as the next request would find them, without counting anything', async (t) => {
  const { clock, rateLimiter } = setup();
  const deployment = limitedDeployment({ tpm: 30_000, burstWindow: '1s' }); // 180 RPM, 3 a second
  t.deepEqual(await rateLimiter.snapshot(deployment), {
    deployment: 'gpt-4o',
    mode: 'standard',
    window: 'sliding',
    tokens: { limit: 30_000, used: 0, remaining: 30_000 },
    requests: { limit: 180, used: 0, remaining: 180, burst: { windowMs: 1000, limit: 3, used: 0, remaining: 3 } },
  });
  await rateLimiter.admit({ deployment, estimate: 1200 });
  clock.time = T0 + 500;
  await rateLimiter.admit({ deployment, estimate: 800 });
  clock.time = T0 + 1000;
  const snapshot = await rateLimiter.snapshot(deployment);
  t.like(snapshot, {
    tokens: { used: 2000, remaining: 28_000 },
    requests: { used: 2, remaining: 178, burst: { used: 1, remaining: 2 } },
  });
  t.deepEqual(await rateLimiter.snapshot(deployment), snapshot);

  const ptu = limitedDeployment({ ptu: 4 }, 'ptu');
  await rateLimiter.admit({ deployment: ptu, estimate: 4750 });
  t.deepEqual(await rateLimiter.snapshot(ptu), {
    deployment: 'ptu',
    mode: 'provisioned',
    tokens: { limit: 10_000, used: 4750, remaining: 5250 },
    utilization: 47.5,
  });
});

test('reset forgets one deployment, or all', async (t) => {
  const { rateLimiter } = setup();
  const a = limitedDeployment({ tpm: 1000 }, 'a');
  const b = limitedDeployment({ tpm: 1000 }, 'b');
  await rateLimiter.admit({ deployment: a, estimate: 1000 });
  await rateLimiter.admit({ deployment: b, estimate: 1000 });
  t.false((await rateLimiter.admit({ deployment: a, estimate: 1 })).admitted);
  await rateLimiter.reset('a');
  t.true((await rateLimiter.admit({ deployment: a, estimate: 1 })).admitted);
  t.false((await rateLimiter.admit({ deployment: b, estimate: 1 })).admitted);
  await rateLimiter.reset();
  t.like(await rateLimiter.snapshot(a), { tokens: { used: 0 } });
  t.like(await rateLimiter.snapshot(b), { tokens: { used: 0 } });
});

test('concurrent admissions are counted atomically: a burst of 25 against a limit of 10 admits exactly 10', async (t) => {
  const { rateLimiter } = setup();
  const deployment = limitedDeployment({ tpm: 1_000_000, rpm: 600, burstWindow: '1s' });
  const decisions = await Promise.all(Array.from({ length: 25 }, () => rateLimiter.admit({ deployment, estimate: 10 })));
  t.is(decisions.filter((decision) => decision.admitted).length, 10);
  t.like(await rateLimiter.snapshot(deployment), { tokens: { used: 100 }, requests: { used: 10 } });
});

test('an estimate that is not a number is a caller bug, refused loudly; a fractional one is rounded up', async (t) => {
  const { rateLimiter } = setup();
  const deployment = limitedDeployment({ tpm: 1000 });
  await t.throwsAsync(rateLimiter.admit({ deployment, estimate: Number.NaN }), { instanceOf: RangeError });
  t.like(await rateLimiter.admit({ deployment, estimate: 10.2 }), { admitted: true, admission: { estimate: 11 } });
});

test('estimateTokens: prompt + max_tokens × max(n, best_of), with the default max_tokens when none is set', (t) => {
  t.is(estimateTokens({ promptTokens: 120, maxTokens: 100 }), 220);
  t.is(estimateTokens({ promptTokens: 120, maxTokens: 100, n: 3 }), 420);
  t.is(estimateTokens({ promptTokens: 120, maxTokens: 100, n: 2, bestOf: 5 }), 620);
  t.is(estimateTokens({ promptTokens: 120, defaultMaxTokens: 1000 }), 1120);
  t.is(estimateTokens({ promptTokens: 120 }), 120 + 4096); // the schema's default
  t.is(estimateTokens({ promptTokens: 120, maxTokens: 0, defaultMaxTokens: 1000 }), 120);
});

test('two resources with a deployment of one name have a quota each, as on the service', async (t) => {
  const { rateLimiter } = setup();
  const named = limitedDeployment({ tpm: 1000, window: 'per-minute' }, 'gpt-4o');
  t.true((await rateLimiter.admit({ deployment: named, resource: 'eastus', estimate: 1000 })).admitted);
  t.false((await rateLimiter.admit({ deployment: named, resource: 'eastus', estimate: 1 })).admitted);
  t.true((await rateLimiter.admit({ deployment: named, resource: 'westus', estimate: 1000 })).admitted, 'westus has its own quota');
  t.true((await rateLimiter.admit({ deployment: named, estimate: 1000 })).admitted, 'and so has the default resource');
  t.like(await rateLimiter.snapshot(named, T0, 'eastus'), { deployment: 'gpt-4o', tokens: { used: 1000, remaining: 0 } });
  await rateLimiter.reset('gpt-4o', 'eastus');
  t.like(await rateLimiter.snapshot(named, T0, 'eastus'), { tokens: { used: 0 } });
  t.like(await rateLimiter.snapshot(named, T0, 'westus'), { tokens: { used: 1000 } }, 'a reset of one resource leaves the other');
});
