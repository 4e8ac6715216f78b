import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { realClock } from './clock.ts';

test('a wait longer than a Node.js timer can take is set at its longest, not overflowed into 1 ms', async (t) => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  let fired = false;
  const handle = realClock.setTimeout(() => (fired = true), 30 * 24 * 3600 * 1000);
  t.teardown(() => realClock.clearTimeout(handle));
  // timers due sooner fire first: an overflowed one (1 ms) would have fired before this 20 ms one
  await sleep(20);
  t.false(fired);
  t.deepEqual(warnings, []);
});
