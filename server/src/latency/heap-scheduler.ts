import { realClock, type Clock } from './clock.ts';
import type { Scheduler, SchedulerTimer } from './scheduler.ts';
import { TimerHeap, type HeapEntry } from './timer-heap.ts';
const delayUntil = (at: number, now: number) => Math.max(1, Math.ceil(at - now));
interface SharedTimer extends HeapEntry, SchedulerTimer {
  readonly wake: () => void;
}

/**
 * Every wait in one min-heap behind a single Node timer, armed for the earliest. When it fires, every stream
 * that is due wakes in the same turn of the event loop: 10,000 streams cost one timer, not 10,000.
 */
export function heapScheduler(clock: Clock = realClock): Scheduler {
  const heap = new TimerHeap<SharedTimer>();
  let handle: unknown;
  let armedFor = Number.POSITIVE_INFINITY;

  const disarm = () => {
    if (handle !== undefined) clock.clearTimeout(handle);
    handle = undefined;
    armedFor = Number.POSITIVE_INFINITY;
  };
  const arm = (now: number) => {
    const head = heap.peek();
    if (head === undefined) return disarm();
    // a timer that fires sooner is kept: it re-arms for the head when it finds nothing due
    if (handle !== undefined && armedFor <= head.at) return;
    disarm();
    armedFor = head.at;
    handle = clock.setTimeout(tick, delayUntil(head.at, now));
  };
  const tick = () => {
    handle = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    const now = clock.now();
    try {
      for (let head = heap.peek(); head !== undefined && head.at <= now; head = heap.peek()) {
        heap.pop();
        head.wake();
      }
    } finally {
      arm(now);
    }
  };

  return {
    now: () => clock.now(),
    timer(wake) {
      const timer: SharedTimer = {
        at: 0,
        seq: 0,
        index: -1,
        wake,
        set(at) {
          heap.push(timer, at);
          if (timer.index === 0) arm(clock.now());
        },
        cancel() {
          if (timer.index < 0) return;
          heap.remove(timer);
          // an empty heap holds no timer, or an idle server would keep waking (and a process stay alive)
          if (heap.size === 0) disarm();
        },
      };
      return timer;
    },
    get pending() {
      return heap.size;
    },
  };
}
