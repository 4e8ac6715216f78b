import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { runSteps } from './warm-up.ts';

test('a warm-up step waits while a request is being answered, then the steps run in order', async (t) => {
  const ran: string[] = [];
  let answering = true;
  const done = runSteps([() => ran.push('tokenizer'), () => ran.push('request checks')], () => answering, 60_000);
  await sleep(50);
  t.deepEqual(ran, [], 'no step while a request is being answered');
  answering = false;
  await done;
  t.deepEqual(ran, ['tokenizer', 'request checks']);
});

test('a steady load does not hold the warm-up off: each step runs after waiting its most', async (t) => {
  const ran: number[] = [];
  await runSteps([() => ran.push(1), () => ran.push(2), () => ran.push(3)], () => true, 10);
  t.deepEqual(ran, [1, 2, 3]);
});
