import test from 'ava';
import { Redis } from 'ioredis';
import { mulberry32 } from '../../generate/embeddings/hash.ts';
import { InMemoryLimiterStore, RateLimiter, type LimitDecision } from '../../limits/index.ts';
import { LIMITS_UNDER_TEST, limitedDeployment } from '../../test-support/limit-deployment.ts';
import { startTestRedis } from '../../test-support/redis-server.ts';
import { RedisLimiterStore } from './redis-limiter-store.ts';
import { StoreKeys } from './store-keys.ts';

const LIMITS = LIMITS_UNDER_TEST;

/** What a decision says, without the state's epoch (each store names its own states). */
function observable(decision: LimitDecision) {
  if (!decision.admitted) return decision;
  const { epoch: _epoch, ...admission } = decision.admission;
  return { ...decision, admission };
}

// The Redis script is the in-memory limiter over other structures: both must give every request of seeded random
// traffic (spread out, and in bursts sharing milliseconds) the same answer, headers and retry-after included, settle
// provisioned buckets alike and report the same snapshots.
for (const [index, rateLimit] of LIMITS.entries()) {
  test(`the Redis limiter answers as the in-memory one, request by request: ${JSON.stringify(rateLimit)}`, async (t) => {
    const server = await startTestRedis(t);
    const redis = new Redis(server.url);
    t.teardown(() => redis.disconnect());
    const shared = new RateLimiter(new RedisLimiterStore(redis, new StoreKeys(`t${index}:`)), () => Number.NaN);
    const memory = new RateLimiter(new InMemoryLimiterStore(), () => Number.NaN);
    const next = mulberry32(index + 1);
    const uniform = () => next() / 2 ** 32;
    let refusals = 0;
    // random gaps, half of them 0 ms (admissions sharing a millisecond); then steps of 250 ms from a minute's start,
    // so that admissions land exactly on minute boundaries and window edges
    const traffic: Array<[string, number, () => number]> = [
      [
        'random',
        1_700_000_000_000 + Math.floor(uniform() * 60_000),
        () => (uniform() < 0.5 ? 0 : Math.floor(uniform() * uniform() * 3000)),
      ],
      ['on the edges', 28_400_000 * 60_000, () => 250 * Math.floor(uniform() * 9)],
    ];
    for (const [shape, start, gap] of traffic) {
      const deployment = limitedDeployment(rateLimit, shape);
      let now = start;
      for (let i = 0; i < 1200; i++) {
        now += gap();
        const estimate = 1 + Math.floor(uniform() * uniform() * 900);
        const expected = await memory.admit({ deployment, estimate, now });
        const actual = await shared.admit({ deployment, estimate, now });
        if (JSON.stringify(observable(actual)) !== JSON.stringify(observable(expected))) {
          return t.deepEqual(observable(actual), observable(expected), `${shape} request ${i} at ${now}, ${estimate} tokens`);
        }
        if (!expected.admitted) refusals++;
        if (expected.admitted && actual.admitted && uniform() < 0.5) {
          const used = Math.floor(uniform() * estimate * 1.5);
          await memory.settle(expected.admission, used, now + 5);
          await shared.settle(actual.admission, used, now + 5);
        }
        if (i % 97 === 0) t.deepEqual(await shared.snapshot(deployment, now + 7), await memory.snapshot(deployment, now + 7));
      }
    }
    t.true(refusals > 100, `only ${refusals} refusals: the traffic does not test much`);
  });
}

test('reset: one quota, or every quota of this prefix and no other key on the server', async (t) => {
  const server = await startTestRedis(t);
  const redis = new Redis(server.url);
  t.teardown(() => redis.disconnect());
  await redis.set('someone-else:key', 'kept');
  const limiter = new RateLimiter(new RedisLimiterStore(redis, new StoreKeys('sim:')), () => 1_700_000_000_000);
  const a = limitedDeployment({ tpm: 1000 }, 'a');
  const b = limitedDeployment({ tpm: 1000 }, 'b');
  await limiter.admit({ deployment: a, estimate: 1000 });
  await limiter.admit({ deployment: b, estimate: 1000 });
  await limiter.reset('a');
  t.like(await limiter.snapshot(a), { tokens: { used: 0 } });
  t.like(await limiter.snapshot(b), { tokens: { used: 1000 } });
  await limiter.reset();
  t.like(await limiter.snapshot(b), { tokens: { used: 0 } });
  t.deepEqual(await redis.keys('*'), ['someone-else:key']);
});

test('every key of a quota expires once its windows and bucket no longer matter', async (t) => {
  const server = await startTestRedis(t);
  const redis = new Redis(server.url);
  t.teardown(() => redis.disconnect());
  const limiter = new RateLimiter(new RedisLimiterStore(redis, new StoreKeys('sim:')), () => 1_700_000_000_000);
  await limiter.admit({ deployment: limitedDeployment({ tpm: 1000 }), estimate: 10 });
  const keys = await redis.keys('sim:*');
  t.is(keys.length, 4);
  for (const key of keys) {
    const ttl = await redis.pttl(key);
    t.true(ttl > 60_000 && ttl <= 600_000, `${key} expires in ${ttl} ms`);
  }
});
