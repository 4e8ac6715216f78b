import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import { PendingCalls } from './pending-calls.ts';

const TIMEOUT_MS = 5_000;

test('a call the primary never answers fails after the timeout, naming the operation', async (t) => {
  const clock = new ManualClock();
  const calls = new PendingCalls(TIMEOUT_MS, clock);
  const unanswered = calls.add(1, 'limits.decide');
  let failed = false;
  unanswered.catch(() => (failed = true));
  await clock.advance(TIMEOUT_MS - 1);
  t.false(failed, 'still waiting just before its deadline');
  await clock.advance(1);
  await t.throwsAsync(unanswered, { message: 'the primary process did not answer limits.decide within 5000 ms' });
});

test('answered calls resolve or fail with the primary’s error; each unanswered one fails at its own deadline', async (t) => {
  const clock = new ManualClock();
  const calls = new PendingCalls(TIMEOUT_MS, clock);
  const answered = calls.add(1, 'limits.decide');
  const refused = calls.add(2, 'responses.save');
  const first = calls.add(3, 'limits.counts');
  await clock.advance(3_000);
  const later = calls.add(4, 'rules.claim');
  calls.settle(1, { at: 7 }, undefined);
  calls.settle(2, undefined, 'no store operation "responses.save"');
  t.deepEqual(await answered, { at: 7 });
  await t.throwsAsync(refused, { message: 'no store operation "responses.save"' });

  const outcomes: string[] = [];
  first.catch(() => outcomes.push('first'));
  later.catch(() => outcomes.push('later'));
  await clock.advanceTo(TIMEOUT_MS);
  t.deepEqual(outcomes, ['first'], 'the call made 3 s later is still in time');
  await clock.advanceTo(3_000 + TIMEOUT_MS);
  t.deepEqual(outcomes, ['first', 'later']);
  calls.settle(4, 'too late', undefined);
  t.is(clock.timers, 0, 'nothing left to watch');
});

test('many calls in flight share one timer', async (t) => {
  const clock = new ManualClock();
  const calls = new PendingCalls(TIMEOUT_MS, clock);
  const waiting = Array.from({ length: 100 }, (_, id) => calls.add(id, 'limits.decide'));
  t.is(clock.timers, 1);
  for (let id = 0; id < 100; id++) calls.settle(id, id, undefined);
  t.deepEqual(
    await Promise.all(waiting),
    Array.from({ length: 100 }, (_, id) => id),
  );
  t.is(clock.timers, 0, 'cleared once nothing waits');
});
