import { realClock, type Clock } from '../clock/index.ts';
import { TimerWheel, type WheelEntry } from './timer-wheel.ts';

/** Wakes callers at given times on its clock; the pacer's only source of delay. */
export interface Scheduler {
  /** Milliseconds on the scheduler's clock. */
  now(): number;
  /** A timer that calls `wake`, to be set again and again: one per stream rather than one per chunk. */
  timer(wake: () => void): SchedulerTimer;
  /** Wakes still to come: 0 once every stream has finished or been cancelled. */
  readonly pending: number;
}

/** A reusable wake-up from a {@link Scheduler}. */
export interface SchedulerTimer {
  /** Wakes once `now()` has reached `at`, never before; replaces a setting that has not fired yet. */
  set(at: number): void;
  /** Frees the timer at once; a no-op when it is not set. */
  cancel(): void;
}

/** Node timers fire on whole milliseconds of a cached loop time, so a wait is rounded up to at least 1 ms. */
function delayUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil(at - now));
}

/**
 * One Node timer per wait. Simple, but every chunk of every stream sets a timer of its own: kept as the
 * baseline that bench/cadence.ts measures the shared scheduler against.
 */
export function timeoutScheduler(clock: Clock = realClock): Scheduler {
  let pending = 0;
  return {
    now: () => clock.now(),
    timer(wake) {
      let handle: unknown;
      let due = 0;
      const fire = () => {
        const now = clock.now();
        // a timer may fire up to a millisecond early against performance.now(): wait out the rest
        if (now < due) {
          handle = clock.setTimeout(fire, delayUntil(due, now));
          return;
        }
        handle = undefined;
        pending--;
        wake();
      };
      const cancel = () => {
        if (handle === undefined) return;
        clock.clearTimeout(handle);
        handle = undefined;
        pending--;
      };
      return {
        set(at) {
          cancel();
          due = at;
          pending++;
          handle = clock.setTimeout(fire, delayUntil(at, clock.now()));
        },
        cancel,
      };
    },
    get pending() {
      return pending;
    },
  };
}

interface SharedTimer extends WheelEntry, SchedulerTimer {
  readonly wake: () => void;
}

/**
 * Every wait in one timer wheel behind a single Node timer, armed for the earliest millisecond. When it
 * fires, every stream that is due wakes in the same turn of the event loop: 10,000 streams cost one Node
 * timer, not 10,000. The default because bench/cadence.ts measured it ahead of a timer per chunk: at 10,000
 * streams it is a few ms late at the median where timers per chunk are about one ITL late, at a quarter less
 * CPU per chunk; at 1,000 streams both are under 1 ms late at the median.
 */
export function sharedScheduler(clock: Clock = realClock): Scheduler {
  const wheel = new TimerWheel<SharedTimer>();
  let handle: unknown;
  let armedFor = Number.POSITIVE_INFINITY;

  const disarm = () => {
    if (handle !== undefined) clock.clearTimeout(handle);
    handle = undefined;
    armedFor = Number.POSITIVE_INFINITY;
  };
  const arm = (now: number) => {
    const next = wheel.nextMs();
    if (next === undefined) return disarm();
    // a timer that fires sooner is kept: it re-arms for the next bucket when it finds nothing due
    if (handle !== undefined && armedFor <= next) return;
    disarm();
    armedFor = next;
    handle = clock.setTimeout(tick, delayUntil(next, now));
  };
  const wake = (timer: SharedTimer) => timer.wake();
  const tick = () => {
    handle = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    const now = clock.now();
    try {
      wheel.takeDue(now, wake);
    } finally {
      arm(now);
    }
  };

  return {
    now: () => clock.now(),
    timer(wake) {
      const timer: SharedTimer = {
        at: 0,
        bucket: undefined,
        index: -1,
        wake,
        set(at) {
          wheel.add(timer, at);
          if (Math.floor(at) < armedFor) arm(clock.now());
        },
        cancel() {
          wheel.remove(timer);
          // an empty wheel holds no timer, or an idle server would keep waking (and a process stay alive)
          if (wheel.size === 0) disarm();
        },
      };
      return timer;
    },
    get pending() {
      return wheel.size;
    },
  };
}

/** One shared scheduler per clock, so that every wait on a clock goes through a single timer wheel. */
const schedulers = new WeakMap<Clock, Scheduler>();

/** The shared scheduler on `clock`: what the data plane's waits, pacing and faults run on. */
export function schedulerFor(clock: Clock): Scheduler {
  let scheduler = schedulers.get(clock);
  if (scheduler === undefined) schedulers.set(clock, (scheduler = sharedScheduler(clock)));
  return scheduler;
}

let real: Scheduler | undefined;

/** The scheduler pacers use unless given one: a shared scheduler on the real clock, chosen by bench/cadence.ts. */
export function defaultScheduler(): Scheduler {
  real ??= schedulerFor(realClock);
  return real;
}
