import test from 'ava';
import { JobClock, ManualClock } from '../../clock/index.ts';
import { JobEvents, type JobEvent } from '../../jobs/job-events.ts';
import { BackgroundEnds } from './background-ends.ts';
import { cancelAt } from './background-run.ts';
import { MemoryResponseStore, type StoredResponse } from './response-store.ts';

const EPOCH_MS = Date.UTC(2030, 0, 1);

function setUp(maxPending = 100) {
  const jobs = new JobClock(new ManualClock({ epochMs: EPOCH_MS }));
  const events = new JobEvents();
  const heard: JobEvent[] = [];
  events.subscribe((event) => heard.push(event));
  const store = new MemoryResponseStore({ maxEntries: 100, maxBytes: 1 << 20 });
  const ends = new BackgroundEnds(jobs, events, store, maxPending);
  /** Keeps a background response that runs `ms` from now and schedules its end, as a create does. */
  const start = async (id: string, ms: number, status = 'completed'): Promise<StoredResponse> => {
    const now = ends.now();
    const stored: StoredResponse = {
      id,
      body: { id, status },
      conversation: [],
      inputCount: 0,
      background: {
        startedAt: now,
        queuedUntil: now,
        doneAt: now + ms,
        stream: false,
        tokenizer: 'o200k_base',
        tokensPerChunk: 1,
        resource: 'east',
      },
    };
    await store.save(stored, []);
    ends.scheduleEnd(stored);
    return stored;
  };
  /** Cancels as the route does: the store keeps the cancel, then it is announced. */
  const cancel = async (id: string) => {
    const kept = await store.update(id, (stored) => {
      const decision = cancelAt(stored, ends.now());
      return 'response' in decision ? decision.response : undefined;
    });
    ends.cancelled(kept!);
  };
  return { jobs, heard, ends, start, cancel };
}

test('a background response announces its end once, at its end on the job clock', async (t) => {
  const { jobs, heard, start } = setUp();
  await start('resp_a', 90_000);
  await start('resp_b', 30_000, 'incomplete');
  await jobs.advance(29_999);
  t.deepEqual(heard, []);
  await jobs.advance(1);
  t.deepEqual(heard, [{ type: 'response.incomplete', id: 'resp_b', createdAt: (EPOCH_MS + 30_000) / 1000, resource: 'east' }]);
  await jobs.advance(24 * 3600_000);
  t.deepEqual(
    heard.map((event) => [event.type, event.id, event.createdAt]),
    [
      ['response.incomplete', 'resp_b', (EPOCH_MS + 30_000) / 1000],
      ['response.completed', 'resp_a', (EPOCH_MS + 90_000) / 1000],
    ],
  );
  t.is(jobs.pending, 0, 'no timer is left behind');
});

test('a cancel announces response.cancelled at once, and the run never announces its end', async (t) => {
  const { jobs, heard, ends, start, cancel } = setUp();
  await start('resp_a', 90_000);
  await jobs.advance(10_000);
  await cancel('resp_a');
  t.deepEqual(heard, [{ type: 'response.cancelled', id: 'resp_a', createdAt: (EPOCH_MS + 10_000) / 1000, resource: 'east' }]);
  t.is(ends.pending, 0);
  t.is(jobs.pending, 0, 'the end’s timer is cleared');
  await jobs.advance(24 * 3600_000);
  t.is(heard.length, 1);
});

test('a run cancelled by a replica sharing the store ends unannounced here', async (t) => {
  const { jobs, heard, start } = setUp();
  const stored = await start('resp_a', 90_000);
  // the other replica kept the cancel and announced it: this one only sees the store
  stored.background!.cancelledAt = EPOCH_MS + 1000;
  await jobs.advance(24 * 3600_000);
  t.deepEqual(heard, []);
});

test('at most maxPending ends wait: past it the oldest run ends unannounced', async (t) => {
  const { jobs, heard, ends, start } = setUp(2);
  await start('resp_1', 10_000);
  await start('resp_2', 20_000);
  await start('resp_3', 30_000);
  t.is(ends.pending, 2);
  t.is(jobs.pending, 2);
  await jobs.advance(60_000);
  t.deepEqual(
    heard.map((event) => event.id),
    ['resp_2', 'resp_3'],
  );
});
