import test from 'ava';
import { ManualClock, settle } from '../clock/index.ts';
import { paceEvents, sleep } from './pacer.ts';
import { sharedScheduler, timeoutScheduler, type Scheduler } from './scheduler.ts';
import type { Clock } from '../clock/index.ts';

/** A source that says how far it was read and whether it was closed. */
function source(count: number) {
  const state = { pulled: 0, closed: false };
  function* items() {
    try {
      for (let i = 0; i < count; i++) {
        state.pulled++;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, items: items() };
}

/** Consumes `stream` while the clock runs, recording when each item came. */
async function consume<T>(stream: AsyncIterable<T>, clock: ManualClock, until: number, stopAfter = Infinity) {
  const seen: Array<[T, number]> = [];
  const done = (async () => {
    for await (const item of stream) {
      seen.push([item, clock.now()]);
      if (seen.length >= stopAfter) break;
    }
  })();
  await clock.advanceTo(until);
  await done;
  return seen;
}

const strategies: Array<[string, (clock: Clock) => Scheduler]> = [
  ['shared', sharedScheduler],
  ['timeout', timeoutScheduler],
];

for (const [name, make] of strategies) {
  test(`${name}: each item comes at its offset from the start, never before`, async (t) => {
    for (const earlyBy of [0, 0.7]) {
      const clock = new ManualClock({ earlyBy });
      const scheduler = make(clock);
      await clock.advanceTo(5);
      const offsets = [0, 0, 200, 220, 240.5, 260, 260];
      const stream = paceEvents(source(offsets.length).items, (index) => offsets[index]!, { scheduler });
      const seen = await consume(stream, clock, 1_000);
      t.deepEqual(
        seen.map(([item]) => item),
        [0, 1, 2, 3, 4, 5, 6],
      );
      for (const [item, at] of seen) {
        const due = 5 + offsets[item]!;
        t.true(at >= due && at < due + 2, `item ${item} at ${at}, due ${due} (early by ${earlyBy})`);
      }
      t.is(scheduler.pending, 0);
      t.is(clock.timers, 0);
    }
  });

  test(`${name}: a consumer that stops early leaves no timer, no wait and a closed source`, async (t) => {
    const clock = new ManualClock();
    const scheduler = make(clock);
    const { state, items } = source(100);
    const seen = await consume(
      paceEvents(items, (index) => 100 + 20 * index, { scheduler }),
      clock,
      200,
      3,
    );
    t.is(seen.length, 3);
    t.true(state.closed);
    t.is(state.pulled, 3);
    t.is(scheduler.pending, 0);
    t.is(clock.timers, 0);
  });

  test(`${name}: return() during a wait settles it as done and frees the timer`, async (t) => {
    const clock = new ManualClock();
    const scheduler = make(clock);
    const { state, items } = source(10);
    const stream = paceEvents(items, () => 500, { scheduler });
    const waiting = stream.next();
    t.is(scheduler.pending, 1);
    t.deepEqual(await stream.return(), { done: true, value: undefined });
    t.deepEqual(await waiting, { done: true, value: undefined });
    t.deepEqual(await stream.next(), { done: true, value: undefined }, 'Readable.from asks once more after destroying');
    t.true(state.closed);
    t.is(scheduler.pending, 0);
    t.is(clock.timers, 0);
  });
}

test('an aborted signal ends a stream that a wrapper is waiting on', async (t) => {
  const clock = new ManualClock();
  const scheduler = sharedScheduler(clock);
  const controller = new AbortController();
  const { state, items } = source(10);
  async function* wrapper() {
    for await (const item of paceEvents(items, (index) => 100 * index, { scheduler, signal: controller.signal })) yield item;
  }
  const wrapped = wrapper();
  t.is((await wrapped.next()).value, 0);
  const waiting = wrapped.next();
  t.is(scheduler.pending, 1);
  controller.abort();
  t.deepEqual(await waiting, { done: true, value: undefined });
  t.true(state.closed);
  t.is(scheduler.pending, 0);
  t.is(clock.timers, 0);
});

test('a stream that reaches its first timed item late moves its schedule, so the cadence after it holds', async (t) => {
  const clock = new ManualClock();
  const offsets = [0, 200, 230, 260];
  const stream = paceEvents(source(4).items, (index) => offsets[index]!, { scheduler: sharedScheduler(clock), startedAt: 0 });
  await clock.advanceTo(300); // the handler outlasted TTFT
  const seen = await consume(stream, clock, 1_000);
  t.deepEqual(
    seen.map(([, at]) => at),
    [300, 300, 330, 360],
  );
});

test('a delay after the first timed item is caught up, keeping the total on time', async (t) => {
  const clock = new ManualClock();
  const offsets = [100, 130, 160, 190];
  const stream = paceEvents(source(4).items, (index) => offsets[index]!, { scheduler: sharedScheduler(clock), startedAt: 0 });
  const first = stream.next();
  await clock.advanceTo(100);
  await first;
  await clock.advanceTo(170); // the consumer comes back late
  const seen = await consume(stream, clock, 1_000);
  t.deepEqual(
    seen.map(([, at]) => at),
    [170, 170, 190],
  );
});

test('with maxCatchUpMs, a stall longer than it moves the rest of the schedule instead of bursting', async (t) => {
  for (const [maxCatchUpMs, expected] of [
    [Number.POSITIVE_INFINITY, [100, 170, 170, 190]],
    [20, [100, 170, 200, 230]],
    [50, [100, 170, 170, 190]],
  ] as const) {
    const clock = new ManualClock();
    const offsets = [100, 130, 160, 190];
    const stream = paceEvents(source(4).items, (index) => offsets[index]!, {
      scheduler: sharedScheduler(clock),
      startedAt: 0,
      maxCatchUpMs,
    });
    const first = stream.next();
    await clock.advanceTo(100);
    await first;
    await clock.advanceTo(170); // the consumer comes back 40 ms late
    const seen = await consume(stream, clock, 1_000);
    t.deepEqual([100, ...seen.map(([, at]) => at)], [...expected], `maxCatchUpMs ${maxCatchUpMs}`);
  }
});

test('with maxCatchUpMs, a timer that fires late moves the rest of the schedule', async (t) => {
  const clock = new ManualClock({ earlyBy: -30 }); // every timer fires 30 ms late, as on a stalled loop
  const offsets = [100, 120, 140];
  const stream = paceEvents(source(3).items, (index) => offsets[index]!, {
    scheduler: sharedScheduler(clock),
    startedAt: 0,
    maxCatchUpMs: 10,
  });
  const seen = await consume(stream, clock, 1_000);
  t.deepEqual(
    seen.map(([, at]) => at),
    [130, 180, 230],
    'each gap stays at least the scheduled 20 ms',
  );
});

test('items already due pass without any timer', async (t) => {
  const clock = new ManualClock();
  const stream = paceEvents(source(1_000).items, () => 0, { scheduler: sharedScheduler(clock) });
  let count = 0;
  for await (const _ of stream) count++;
  t.is(count, 1_000);
  t.is(clock.created, 0);
});

test('the source is read only as the consumer asks', async (t) => {
  const clock = new ManualClock();
  const { state, items } = source(10);
  const stream = paceEvents(items, (index) => 10 * index, { scheduler: sharedScheduler(clock) });
  t.is(state.pulled, 0);
  await stream.next();
  t.is(state.pulled, 1);
  const second = stream.next();
  await clock.advanceTo(100);
  await second;
  t.is(state.pulled, 2, 'time passing pulls nothing more');
});

test('next() calls made while one waits are answered in order', async (t) => {
  const clock = new ManualClock();
  const stream = paceEvents(source(3).items, (index) => 10 * (index + 1), { scheduler: sharedScheduler(clock) });
  const results = [stream.next(), stream.next(), stream.next(), stream.next()];
  await clock.advanceTo(100);
  t.deepEqual(
    (await Promise.all(results)).map((result) => result.value),
    [0, 1, 2, undefined],
  );
});

test('map shapes what is emitted, startedAt moves time zero', async (t) => {
  const clock = new ManualClock();
  await clock.advanceTo(50);
  const stream = paceEvents(['a', 'b'], (index) => 100 * (index + 1), {
    scheduler: sharedScheduler(clock),
    startedAt: 20,
    map: (item) => `data: ${item}\n\n`,
  });
  const seen = await consume(stream, clock, 500);
  t.deepEqual(seen, [
    ['data: a\n\n', 120],
    ['data: b\n\n', 220],
  ]);
});

test('a source that throws rejects next() and ends the stream', async (t) => {
  const clock = new ManualClock();
  function* failing() {
    yield 1;
    throw new Error('generator broke');
  }
  const stream = paceEvents(failing(), () => 0, { scheduler: sharedScheduler(clock) });
  t.is((await stream.next()).value, 1);
  await t.throwsAsync(stream.next(), { message: 'generator broke' });
  t.true((await stream.next()).done);
});

test('sleep waits on the scheduler, costs nothing at 0 and stops on abort', async (t) => {
  const clock = new ManualClock();
  const scheduler = sharedScheduler(clock);
  await sleep(0, { scheduler });
  t.is(clock.created, 0);

  let slept = false;
  void sleep(30, { scheduler }).then(() => (slept = true));
  await clock.advanceTo(29);
  t.false(slept);
  await clock.advanceTo(30);
  t.true(slept);

  const controller = new AbortController();
  const aborted = sleep(1_000, { scheduler, signal: controller.signal });
  t.is(scheduler.pending, 1);
  controller.abort();
  await aborted;
  t.is(scheduler.pending, 0);
  t.is(clock.timers, 0);
  await settle();
});

test('on the real clock items come not before their time and not far after it', async (t) => {
  const scheduler = sharedScheduler();
  const started = performance.now();
  const offsets = [0, 30, 60, 90];
  const late: number[] = [];
  for await (const index of paceEvents([0, 1, 2, 3], (i) => offsets[i]!, { scheduler, startedAt: started })) {
    late.push(performance.now() - (started + offsets[index]!));
  }
  t.true(
    late.every((ms) => ms >= 0 && ms < 200),
    late.join(', '),
  );
  t.is(scheduler.pending, 0);
});

test('lateness: each item with a due time of its own is measured once written, the first as TTFT', async (t) => {
  const clock = new ManualClock();
  const scheduler = sharedScheduler(clock);
  const told: Array<[boolean, number]> = [];
  const lateness = { observe: (first: boolean, lateMs: number) => void told.push([first, lateMs]) };
  // a preamble at 0, the first token at 100, a chunk at 150 with a finish chunk due with it, then one at 200
  const offsets = [0, 100, 150, 150, 200];
  const stream = paceEvents(source(offsets.length).items, (index) => offsets[index]!, { scheduler, startedAt: 0, lateness });
  const written: number[] = [];
  // the writer asks for each item once it has written the one before, as Exchange.stream does
  const write = async (until: number) => {
    const next = stream.next();
    await clock.advanceTo(until);
    const result = await next;
    if (!result.done) written.push(result.value);
  };
  await write(0);
  await write(101);
  await write(151);
  await clock.advanceTo(154); // the write of the chunk at 150 takes 3 ms: its lateness counts it, as the socket's would
  await write(154);
  await write(201);
  await write(250);
  t.deepEqual(written, [0, 1, 2, 3, 4]);
  t.deepEqual(
    told.map(([first]) => first),
    [true, false, false],
    'the preamble and the chunk due with the one before are not measured',
  );
  const [ttft, gap, last] = told.map(([, late]) => late);
  t.true(ttft! >= 0 && ttft! <= 1, `the first token ${ttft} ms late`);
  t.true(gap! >= 3 && gap! < 5, `the slow write ${gap} ms late`);
  t.true(last! >= 0 && last! <= 1, `the last chunk ${last} ms late`);
});

test('lateness: a first token reached after its due time counts the whole delay as TTFT lateness', async (t) => {
  const clock = new ManualClock();
  const told: Array<[boolean, number]> = [];
  const lateness = { observe: (first: boolean, lateMs: number) => void told.push([first, lateMs]) };
  await clock.advanceTo(300); // the handler outlasted a TTFT of 200
  const stream = paceEvents(source(3).items, (index) => [0, 200, 230][index]!, {
    scheduler: sharedScheduler(clock),
    startedAt: 0,
    lateness,
  });
  const done = (async () => {
    for await (const _ of stream);
  })();
  await clock.advanceTo(600);
  await done;
  t.deepEqual(told[0], [true, 100]);
  t.is(told.length, 2);
  t.true(told[1]![1] < 2, 'the gap after it is on time against the moved schedule');
});
