import test from 'ava';
import { latencyPlan } from './latency-plan.ts';
import { streamSchedule } from './stream-schedule.ts';

test('the preamble goes at once, the first tokens at TTFT, later chunks tokens × ITL apart', (t) => {
  const timing = latencyPlan({ ttft: 200, itl: 10, tokensPerChunk: 4 }).forRequest();
  const tokens = [0, 0, 4, 4, 2, 0, 0];
  const schedule = streamSchedule(timing, (count: number) => count);
  t.deepEqual(
    tokens.map((count, index) => schedule(index, count)),
    [0, 0, 200, 240, 260, 260, 260],
  );
});

test('load stretches the whole schedule', (t) => {
  const timing = latencyPlan({ ttft: 100, itl: 10, load: { capacity: 2 } }).forRequest(4);
  const schedule = streamSchedule(timing, (count: number) => count);
  t.deepEqual(
    [1, 1, 1].map((count, index) => schedule(index, count)),
    [200, 220, 240],
  );
});

test('a zero timing schedules everything at once', (t) => {
  const schedule = streamSchedule(latencyPlan(undefined).forRequest(), (count: number) => count);
  t.deepEqual(
    [0, 3, 3].map((count, index) => schedule(index, count)),
    [0, 0, 0],
  );
});
