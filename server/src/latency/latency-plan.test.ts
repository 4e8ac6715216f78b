import test from 'ava';
import { latencyPlan, mergeProfiles, planFor } from './latency-plan.ts';

test('an absent or all-zero profile delays nothing', (t) => {
  for (const profile of [undefined, {}, { ttft: 0, itl: { distribution: 'fixed' as const, value: 0 } }, { tokensPerChunk: 3 }]) {
    const plan = latencyPlan(profile);
    t.true(plan.zero);
    const timing = plan.forRequest(1_000);
    t.true(timing.zero);
    t.is(timing.completionDelayMs(500), 0);
    t.is(timing.embeddingDelayMs(500), 0);
  }
  t.is(latencyPlan({ tokensPerChunk: 3 }).forRequest().tokensPerChunk, 3);
});

test('a non-streamed answer comes after TTFT + tokens × ITL', (t) => {
  const timing = latencyPlan({ ttft: 200, itl: 20, tokensPerChunk: 4 }).forRequest();
  t.false(timing.zero);
  t.is(timing.ttftMs(), 200);
  t.is(timing.itlMs(), 20);
  t.is(timing.completionDelayMs(10), 400);
  t.is(timing.completionDelayMs(0), 200);
});

test('a varying ITL is drawn once per chunk, so a long answer lands near tokens × the mean', (t) => {
  const plan = latencyPlan({ ttft: 0, itl: { distribution: 'uniform', min: 10, max: 30 }, tokensPerChunk: 5 }, 'plan');
  const delays = Array.from({ length: 50 }, () => plan.forRequest().completionDelayMs(1_000));
  for (const delay of delays) t.true(delay > 18_500 && delay < 21_500, `${delay}`);
  t.true(new Set(delays).size > 1);
});

test('a very long answer costs a bounded number of draws and keeps the expectation', (t) => {
  const plan = latencyPlan({ ttft: 0, itl: { distribution: 'uniform', min: 10, max: 30 } }, 'long');
  const delays = Array.from({ length: 200 }, () => plan.forRequest().completionDelayMs(16_000));
  const mean = delays.reduce((sum, delay) => sum + delay, 0) / delays.length;
  t.true(Math.abs(mean - 16_000 * 20) < 0.01 * 16_000 * 20, `mean ${mean}`);
  for (const delay of delays) t.true(delay > 16_000 * 17 && delay < 16_000 * 23, `${delay}`);
});

test('embeddings take perRequest + perInputToken × tokens', (t) => {
  const timing = latencyPlan({ perRequest: 50, perInputToken: { distribution: 'fixed', value: 0.1 } }).forRequest();
  t.is(timing.embeddingDelayMs(1_000), 150);
  t.is(timing.ttftMs(), 0);
});

test('every duration is multiplied by the load factor when the request starts', (t) => {
  const plan = latencyPlan({ ttft: 100, itl: 10, perRequest: 40, load: { capacity: 2, factor: 1 } });
  const idle = plan.forRequest(1);
  const busy = plan.forRequest(6);
  t.is(idle.factor, 1);
  t.is(busy.factor, 3);
  t.is(busy.ttftMs(), 300);
  t.is(busy.itlMs(), 30);
  t.is(busy.completionDelayMs(10), 600);
  t.is(busy.embeddingDelayMs(0), 120);
});

test('the seed makes a plan repeatable, and components draw independently', (t) => {
  const profile = {
    ttft: { distribution: 'lognormal' as const, median: 300, p99: 1_200 },
    itl: { distribution: 'lognormal' as const, median: 300, p99: 1_200 },
  };
  const draws = (seed: string) => {
    const timing = latencyPlan(profile, seed).forRequest();
    return [timing.ttftMs(), timing.ttftMs(), timing.itlMs(), timing.itlMs()];
  };
  t.deepEqual(draws('s'), draws('s'));
  const [ttft1, ttft2, itl1, itl2] = draws('s');
  t.notDeepEqual([ttft1, ttft2], [itl1, itl2]);
});

test('a rule overrides its deployment setting by setting, each as a whole', (t) => {
  const base = { ttft: 200, itl: { distribution: 'uniform' as const, min: 5, max: 10 }, load: { capacity: 10 } };
  t.is(mergeProfiles(base, undefined), base);
  t.deepEqual(mergeProfiles(undefined, { ttft: 5 }), { ttft: 5 });
  t.deepEqual(mergeProfiles(base, { itl: 7, ttft: undefined }), { ttft: 200, itl: 7, load: { capacity: 10 } });
  t.deepEqual(mergeProfiles(base, { load: { capacity: 3, model: 'queueing' } })?.load, { capacity: 3, model: 'queueing' });
});

test('planFor keeps one plan per deployment profile and override', (t) => {
  const base = { ttft: 100 };
  const override = { itl: 5 };
  t.is(planFor(base), planFor(base));
  t.is(planFor(base, override), planFor(base, override));
  t.not(planFor(base, override), planFor(base));
  t.is(planFor(base, override).forRequest().completionDelayMs(2), 110);
  t.true(planFor(undefined).zero);
});
