import test from 'ava';
import { createRandom } from '../generate/random.ts';
import { TimerWheel, type WheelEntry } from './timer-wheel.ts';

const entry = (): WheelEntry => ({ at: 0, bucket: undefined, index: -1 });

test('each entry comes out once, when due and never before, and removed ones never', (t) => {
  const random = createRandom('wheel');
  const wheel = new TimerWheel<WheelEntry>();
  const entries = Array.from({ length: 3_000 }, entry);
  for (const item of entries) wheel.add(item, random.float(0, 300));
  // moving an entry that is already in keeps one copy of it
  for (const item of entries.slice(0, 200)) wheel.add(item, random.float(0, 300));
  const removed = new Set(random.shuffle(entries).slice(0, 1_000));
  for (const item of removed) wheel.remove(item);
  for (const item of removed) wheel.remove(item);
  t.is(wheel.size, 2_000);

  const seen = new Set<WheelEntry>();
  let early = 0;
  for (let now = 0; now <= 320; now += random.float(0.1, 3)) {
    wheel.takeDue(now, (item) => {
      if (item.at > now) early++;
      t.false(seen.has(item));
      seen.add(item);
    });
  }
  t.is(early, 0);
  t.is(seen.size, 2_000);
  t.false([...seen].some((item) => removed.has(item)));
  t.is(wheel.size, 0);
  t.is(wheel.nextMs(), undefined);
});

test('an entry of the current millisecond that is not due yet waits for the next one', (t) => {
  const wheel = new TimerWheel<WheelEntry>();
  const early = entry();
  const late = entry();
  wheel.add(early, 10.2);
  wheel.add(late, 10.8);
  t.is(wheel.nextMs(), 10);
  const woken: WheelEntry[] = [];
  wheel.takeDue(10.5, (item) => woken.push(item));
  t.deepEqual(woken, [early]);
  t.is(wheel.nextMs(), 11);
  wheel.takeDue(11, (item) => woken.push(item));
  t.deepEqual(woken, [early, late]);
});

test('a wake that removes an entry of the same bucket keeps that entry from waking', (t) => {
  const wheel = new TimerWheel<WheelEntry>();
  const entries = Array.from({ length: 5 }, entry);
  for (const item of entries) wheel.add(item, 5);
  const woken: WheelEntry[] = [];
  wheel.takeDue(6, (item) => {
    woken.push(item);
    if (woken.length === 1) wheel.remove(entries[0]!);
  });
  t.is(woken.length, 4);
  t.false(woken.includes(entries[0]!));
  t.is(wheel.size, 0);
});
