import test from 'ava';
import type { RateLimit } from '../generated/scenarios.ts';
import { InMemoryLimiterStore, RateLimiter, type Admission, type LimitDecision } from './index.ts';
import { limitedDeployment, ManualClock } from '../test-support/limit-deployment.ts';

const T0 = 1_000_000_007;

// 1 PTU serves 2 500 tokens a minute by default: the bucket holds 2 500 and drains 2 500 a minute (1 every 24 ms).
function provisioned(rateLimit: RateLimit = { ptu: 1 }) {
  const clock = new ManualClock(T0);
  const rateLimiter = new RateLimiter(new InMemoryLimiterStore(), clock.now);
  const deployment = limitedDeployment(rateLimit);
  return {
    clock,
    rateLimiter,
    admit: (estimate: number) => rateLimiter.admit({ deployment, estimate }),
    utilization: async () => (await rateLimiter.snapshot(deployment)).utilization,
  };
}

function admission(t: import('ava').ExecutionContext, decision: LimitDecision, utilization: string): Admission {
  if (!decision.admitted) throw new Error(`refused: ${decision.limit}, retry after ${decision.retryAfterMs} ms`);
  t.deepEqual(decision.headers, { 'azure-openai-deployment-utilization': utilization });
  return decision.admission;
}

function refusedFor(t: import('ava').ExecutionContext, decision: LimitDecision, retryAfterMs: number, utilization: string): void {
  t.false(decision.admitted);
  if (decision.admitted) return;
  t.is(decision.limit, 'token');
  t.is(decision.retryAfterMs, retryAfterMs);
  t.deepEqual(decision.headers, { 'azure-openai-deployment-utilization': utilization });
}

test('utilization rises with each admission and drains over time; at 100% or more the wait is the drain time', async (t) => {
  const { clock, admit, utilization } = provisioned();
  admission(t, await admit(1500), '60.0%');
  admission(t, await admit(1500), '120.0%'); // admitted below 100%, so one admission may carry the level past it
  // 500 tokens over the bucket drain in 500 × 24 ms = 12 000 ms; at that instant it is at 100%, still refused.
  refusedFor(t, await admit(1), 12_001, '120.0%');
  clock.time = T0 + 6000;
  t.is(await utilization(), 110);
  refusedFor(t, await admit(1), 6001, '110.0%');
  clock.time = T0 + 12_000;
  refusedFor(t, await admit(1), 1, '100.0%');
  clock.time = T0 + 12_001;
  admission(t, await admit(100), '103.9%'); // 2 499.958… + 100 tokens
  clock.time = T0 + 12_001 + 60_000; // a minute drains a full bucket
  t.is(await utilization(), 3.9);
  clock.time = T0 + 12_001 + 62_400;
  t.is(await utilization(), 0);
});

test('a refused request adds nothing to the bucket', async (t) => {
  const { admit, utilization } = provisioned();
  admission(t, await admit(2500), '100.0%');
  refusedFor(t, await admit(1000), 1, '100.0%');
  t.is(await utilization(), 100);
});

test('a request larger than the whole bucket is admitted while below 100%: no never-fits case for PTU', async (t) => {
  const { admit } = provisioned();
  admission(t, await admit(10_000), '400.0%');
  refusedFor(t, await admit(1), 7500 * 24 + 1, '400.0%');
});

test('utilization has one decimal, rounded down, in the bucket size of ptu × tokensPerPtuPerMinute', async (t) => {
  const { admit } = provisioned({ ptu: 2, tokensPerPtuPerMinute: 1000 });
  admission(t, await admit(950), '47.5%');
  admission(t, await admit(1), '47.5%'); // 47.55%
  admission(t, await admit(1048), '99.9%'); // 99.95%: "100.0%" only shows a bucket that refuses
  admission(t, await admit(1), '100.0%');
});

test('settle corrects the bucket by actual − estimate, never below empty', async (t) => {
  const { clock, rateLimiter, admit, utilization } = provisioned();
  const first = admission(t, await admit(1000), '40.0%');
  await rateLimiter.settle(first, 250);
  t.is(await utilization(), 10);
  const second = admission(t, await admit(1000), '50.0%');
  await rateLimiter.settle(second, 1500);
  t.is(await utilization(), 70);
  clock.time = T0 + 60_000; // drained empty
  const third = admission(t, await admit(1000), '40.0%');
  clock.time = T0 + 60_000 + 24_000; // the 1 000 has drained too
  await rateLimiter.settle(third, 0);
  t.is(await utilization(), 0);
  admission(t, await admit(500), '20.0%'); // the early return of 1 000 was not banked as credit
});

test('settling an admission made before a reset leaves the new bucket alone', async (t) => {
  const { rateLimiter, admit, utilization } = provisioned();
  const before = admission(t, await admit(2000), '80.0%');
  await rateLimiter.reset('gpt-4o');
  t.is(await utilization(), 0);
  admission(t, await admit(500), '20.0%'); // at the same instant as the admission before the reset
  await rateLimiter.settle(before, 3000);
  t.is(await utilization(), 20);
});

test('no RPM applies to a provisioned deployment unless rpm is set', async (t) => {
  const { admit } = provisioned({ ptu: 10 });
  for (let i = 0; i < 500; i++) t.true((await admit(1)).admitted);

  const limited = provisioned({ ptu: 10, rpm: 60, burstWindow: '1s' });
  const first = await limited.admit(1);
  t.deepEqual(first.headers, {
    'x-ratelimit-limit-requests': '60',
    'x-ratelimit-remaining-requests': '59',
    'azure-openai-deployment-utilization': '0.0%',
  });
  const second = await limited.admit(1);
  t.like(second, { admitted: false, limit: 'call', retryAfterMs: 1000 });
});

test('settle is a no-op for standard and unlimited deployments: the service charges the estimate', async (t) => {
  const clock = new ManualClock(T0);
  const rateLimiter = new RateLimiter(new InMemoryLimiterStore(), clock.now);
  const standard = limitedDeployment({ tpm: 1000, rpm: 100 });
  const decision = await rateLimiter.admit({ deployment: standard, estimate: 800 });
  if (!decision.admitted) return t.fail();
  await rateLimiter.settle(decision.admission, 10);
  t.like(await rateLimiter.snapshot(standard), { tokens: { used: 800, remaining: 200 } });
});
