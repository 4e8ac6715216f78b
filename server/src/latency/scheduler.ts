import { realClock, type Clock } from './clock.ts';
import { TimerHeap } from './timer-heap.ts';

/** Wakes callers at given times on its clock; the pacer's only source of delay. */
export interface Scheduler {
  /** Milliseconds on the scheduler's clock. */
  now(): number;
  /**
   * Calls `wake` once `now()` has reached `at`, never before. Returns a cancel function, which frees the
   * timer at once and is a no-op after the wake. `wake` must not throw.
   */
  at(at: number, wake: () => void): () => void;
  /** Wakes still to come: 0 once every stream has finished or been cancelled. */
  readonly pending: number;
}

/** Node timers fire on whole milliseconds of a cached loop time, so a wait is rounded up to at least 1 ms. */
function delayUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil(at - now));
}

/**
 * One Node timer per wake. Simple, but every chunk of every stream pays for a timer of its own: kept as the
 * baseline that bench/cadence.ts measures the shared scheduler against.
 */
export function timeoutScheduler(clock: Clock = realClock): Scheduler {
  let pending = 0;
  return {
    now: () => clock.now(),
    at(at, wake) {
      pending++;
      let live = true;
      const fire = () => {
        const now = clock.now();
        // a timer may fire up to a millisecond early against performance.now(): wait out the rest
        if (now < at) {
          handle = clock.setTimeout(fire, delayUntil(at, now));
          return;
        }
        live = false;
        pending--;
        wake();
      };
      let handle = clock.setTimeout(fire, delayUntil(at, clock.now()));
      return () => {
        if (!live) return;
        live = false;
        pending--;
        clock.clearTimeout(handle);
      };
    },
    get pending() {
      return pending;
    },
  };
}

/**
 * Every wake in one min-heap behind a single timer, armed for the earliest. When it fires, every stream that
 * is due wakes in the same turn of the event loop, so 10,000 streams cost one timer, not 10,000.
 */
export function sharedScheduler(clock: Clock = realClock): Scheduler {
  const heap = new TimerHeap();
  let timer: unknown;
  let armedFor = Number.POSITIVE_INFINITY;

  const disarm = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
  };
  const arm = (now: number) => {
    const head = heap.peek();
    if (head === undefined) return disarm();
    // a timer that fires sooner is kept: it re-arms for the head when it finds nothing due
    if (timer !== undefined && armedFor <= head.at) return;
    disarm();
    armedFor = head.at;
    timer = clock.setTimeout(tick, delayUntil(head.at, now));
  };
  const tick = () => {
    timer = undefined;
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
    at(at, wake) {
      const entry = heap.push(at, wake);
      if (entry.index === 0) arm(clock.now());
      return () => {
        if (entry.index < 0) return;
        heap.remove(entry);
        // an empty heap must hold no timer, or an idle server would keep waking (and a process stay alive)
        if (heap.size === 0) disarm();
      };
    },
    get pending() {
      return heap.size;
    },
  };
}

let shared: Scheduler | undefined;

/** The scheduler pacers use unless given one: a shared scheduler on the real clock, chosen by bench/cadence.ts. */
export function defaultScheduler(): Scheduler {
  shared ??= sharedScheduler();
  return shared;
}
