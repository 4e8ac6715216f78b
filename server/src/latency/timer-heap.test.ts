import test from 'ava';
import { createRandom } from '../generate/random.ts';
import { TimerHeap, type HeapEntry } from './timer-heap.ts';

test('entries leave in time order, ties in insertion order, and removed ones never come out', (t) => {
  const random = createRandom('heap');
  const heap = new TimerHeap();
  const entries: HeapEntry[] = [];
  for (let i = 0; i < 2_000; i++) entries.push(heap.push(random.int(0, 200), () => {}));
  const removed = new Set(random.shuffle(entries).slice(0, 700));
  for (const entry of removed) heap.remove(entry);
  for (const entry of removed) heap.remove(entry);
  t.is(heap.size, 1_300);

  const order: HeapEntry[] = [];
  for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) order.push(entry);
  t.is(order.length, 1_300);
  t.false(order.some((entry) => removed.has(entry)));
  t.true(
    order.every((entry, i) => i === 0 || order[i - 1]!.at < entry.at || (order[i - 1]!.at === entry.at && order[i - 1]!.seq < entry.seq)),
  );
  t.true(order.every((entry) => entry.index === -1));
});
