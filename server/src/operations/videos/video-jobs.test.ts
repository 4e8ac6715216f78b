import test from 'ava';
import { JobClock, ManualClock } from '../../clock/index.ts';
import { JobEvents, type JobEvent } from '../../jobs/job-events.ts';
import { VideoJobs, type VideoOrder } from './video-jobs.ts';

const BOUNDS = { maxEntries: 100, maxBytes: 1 << 20 };
const ORDER: VideoOrder = {
  model: 'sora-2',
  prompt: 'A paper boat',
  seconds: '4',
  size: '720x1280',
  resource: 'default',
  timing: { queued: 1000, renderPerSecond: 1000 },
  deployment: 'sora-2',
  requestId: 'req-1',
};

function setUp() {
  const clock = new JobClock(new ManualClock());
  const events = new JobEvents();
  const heard: JobEvent[] = [];
  events.subscribe((event) => heard.push(event));
  return { clock, heard, jobs: new VideoJobs(BOUNDS, clock, events) };
}

test('a job announces video.completed on the job events when the clock reaches its end, not before', async (t) => {
  const { clock, heard, jobs } = setUp();
  const job = jobs.start(ORDER);
  await clock.advance(4999);
  t.deepEqual(heard, []);
  await clock.advance(1);
  t.deepEqual(heard, [{ type: 'video.completed', id: job.id, createdAt: Math.floor(clock.epochMs() / 1000), resource: 'default' }]);
  t.is(clock.pending, 0);
});

test('a job a status fault fails announces video.failed half way through its render', async (t) => {
  const { clock, heard, jobs } = setUp();
  const job = jobs.start({ ...ORDER, fault: { action: { kind: 'status', status: 503 }, source: 'fault:outage' } });
  await clock.advance(3000);
  t.deepEqual(
    heard.map(({ type, id }) => ({ type, id })),
    [{ type: 'video.failed', id: job.id }],
  );
  t.like(job.failure?.error, { code: 'server_error' });
});

test('a latency fault stretches the queue and the render by its factor', async (t) => {
  const { clock, heard, jobs } = setUp();
  jobs.start({ ...ORDER, fault: { action: { kind: 'latency', factor: 3 }, source: 'fault:slow' } });
  await clock.advance(14_999);
  t.is(heard.length, 0);
  await clock.advance(1);
  t.is(heard[0]?.type, 'video.completed');
});

test('a deleted job announces nothing', async (t) => {
  const { clock, heard, jobs } = setUp();
  const job = jobs.start(ORDER);
  t.true(jobs.delete(job.id));
  await clock.advance(60_000);
  t.deepEqual(heard, []);
  t.is(clock.pending, 0);
});
