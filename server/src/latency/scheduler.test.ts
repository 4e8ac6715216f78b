import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import { sharedScheduler, timeoutScheduler, type Scheduler } from './scheduler.ts';
import type { Clock } from '../clock/index.ts';

const strategies: Array<[string, (clock: Clock) => Scheduler]> = [
  ['shared', sharedScheduler],
  ['timeout', timeoutScheduler],
];

for (const [name, make] of strategies) {
  test(`${name}: wakes each caller at its time, never before, even when timers fire early`, async (t) => {
    for (const earlyBy of [0, 0.6]) {
      const clock = new ManualClock({ earlyBy });
      const scheduler = make(clock);
      const woken: Array<[number, number]> = [];
      for (const at of [30, 10.5, 20, 10.5, 0.2]) scheduler.timer(() => woken.push([at, clock.now()])).set(at);
      t.is(scheduler.pending, 5);
      await clock.advanceTo(100);
      t.deepEqual(
        woken.map(([at]) => at),
        [0.2, 10.5, 10.5, 20, 30],
      );
      for (const [at, now] of woken) t.true(now >= at && now < at + 2, `woken at ${now} for ${at} (early by ${earlyBy})`);
      t.is(scheduler.pending, 0);
      t.is(clock.timers, 0);
    }
  });

  test(`${name}: a cancelled wake never comes and holds no timer`, async (t) => {
    const clock = new ManualClock();
    const scheduler = make(clock);
    let woken = 0;
    const timers = [10, 20, 30].map((at) => {
      const timer = scheduler.timer(() => woken++);
      timer.set(at);
      return timer;
    });
    for (const timer of timers) timer.cancel();
    timers[0]!.cancel();
    t.is(scheduler.pending, 0);
    t.is(clock.timers, 0);
    await clock.advanceTo(100);
    t.is(woken, 0);
  });
}

test('shared: thousands of waits hold one timer', async (t) => {
  const clock = new ManualClock();
  const scheduler = sharedScheduler(clock);
  let woken = 0;
  for (let i = 0; i < 5_000; i++) scheduler.timer(() => woken++).set(1 + (i % 50));
  t.is(clock.timers, 1);
  await clock.advanceTo(25);
  t.true(woken > 0 && woken < 5_000);
  t.is(clock.timers, 1);
  await clock.advanceTo(60);
  t.is(woken, 5_000);
  t.is(clock.timers, 0);
  t.true(clock.created <= 51, `one timer per distinct due time, not per wait (${clock.created})`);
});

test('shared: an earlier wait re-arms the timer, a later one does not', (t) => {
  const clock = new ManualClock();
  const scheduler = sharedScheduler(clock);
  scheduler.timer(() => {}).set(50);
  scheduler.timer(() => {}).set(80);
  t.is(clock.created, 1);
  scheduler.timer(() => {}).set(10);
  t.is(clock.created, 2);
  t.is(clock.timers, 1);
});

for (const [name, make] of strategies) {
  test(`${name}: setting a timer again moves its one wake`, async (t) => {
    const clock = new ManualClock();
    const scheduler = make(clock);
    const woken: number[] = [];
    const timer = scheduler.timer(() => woken.push(clock.now()));
    timer.set(50);
    timer.set(20);
    t.is(scheduler.pending, 1);
    await clock.advanceTo(100);
    t.deepEqual(woken, [20]);
    timer.set(130);
    await clock.advanceTo(200);
    t.deepEqual(woken, [20, 130]);
    t.is(scheduler.pending, 0);
    t.is(clock.timers, 0);
  });
}
