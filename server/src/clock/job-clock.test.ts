import test from 'ava';
import { JobClock } from './job-clock.ts';
import { ManualClock } from './manual-clock.ts';

test('jobs run in time order as the clock underneath passes them, at the job clock’s speed', async (t) => {
  const base = new ManualClock({ epochMs: Date.UTC(2030, 0, 1) });
  const jobs = new JobClock(base, { speed: 60 });
  const ran: string[] = [];
  jobs.setTimeout(() => void ran.push('hour'), 3600_000);
  jobs.setTimeout(() => void ran.push('minute'), 60_000);
  const cleared = jobs.setTimeout(() => void ran.push('cleared'), 30_000);
  jobs.clearTimeout(cleared);
  await base.advance(999);
  t.deepEqual(ran, [], 'a job-clock minute is a real second at speed 60');
  await base.advance(1);
  t.deepEqual(ran, ['minute']);
  t.is(jobs.epochMs(), Date.UTC(2030, 0, 1) + 60_000);
  await base.advance(59_000);
  t.deepEqual(ran, ['minute', 'hour']);
  t.is(jobs.pending, 0);
});

test('an advance runs every job due by then, waits for each, and runs the steps they schedule within it', async (t) => {
  const base = new ManualClock();
  const jobs = new JobClock(base);
  const ran: string[] = [];
  jobs.setTimeout(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    ran.push('validated');
    jobs.setTimeout(() => void ran.push('completed'), 1000);
    jobs.setTimeout(() => void ran.push('expired'), 10_000);
  }, 500);
  t.is(await jobs.advance(5000), 2);
  t.deepEqual(ran, ['validated', 'completed']);
  t.is(jobs.advancedMs, 5000);
  t.is(jobs.pending, 1);
  t.is(Math.round(jobs.now() - base.now()), 5000, 'the job clock is ahead of the clock underneath by what was advanced');
  await jobs.advance(5499);
  t.deepEqual(ran, ['validated', 'completed'], 'what a job schedules is timed from its own time: 500 + 10,000 ms');
  await jobs.advance(1);
  t.deepEqual(ran, ['validated', 'completed', 'expired']);
});

test('a job that throws or rejects is reported, and the jobs after it still run', async (t) => {
  const errors: unknown[] = [];
  const jobs = new JobClock(new ManualClock(), { onError: (error) => errors.push(error) });
  const ran: number[] = [];
  jobs.setTimeout(() => {
    throw new Error('sync');
  }, 1);
  jobs.setTimeout(() => Promise.reject(new Error('async')), 2);
  jobs.setTimeout(() => void ran.push(3), 3);
  await jobs.advance(10);
  t.deepEqual(ran, [3]);
  t.deepEqual(
    errors.map((error) => (error as Error).message),
    ['sync', 'async'],
  );
});
