import type { Clock } from './clock.ts';

/** What a timer on the job clock runs: it may return a promise, which an advance waits for. */
export type JobTask = () => void | Promise<void>;

interface JobTimer {
  at: number;
  id: number;
  task: JobTask;
}

/**
 * The clock of the simulator's long jobs: batches, background responses, video jobs, file expiry and webhook
 * retries. It runs `speed` times as fast as the clock under it (the process's, or a test's ManualClock), and a
 * test moves it on with {@link JobClock.advance}: every job due by then runs, in time order, before the advance
 * returns. Latency, pacing and the rate limiter's windows stay on the clock under it, so advancing an hour to
 * finish a batch does not also refill every quota or time out every stream in flight.
 */
export class JobClock implements Clock {
  readonly speed: number;
  readonly #base: Clock;
  readonly #baseStart: number;
  readonly #epochStart: number;
  #advanced = 0;
  #nextId = 1;
  /** Pending timers, soonest first. */
  #timers: JobTimer[] = [];
  #wake: unknown;
  /** Tasks started by a timer and not finished: an advance waits for them. */
  readonly #running = new Set<Promise<void>>();
  #onError: (error: unknown) => void;

  constructor(base: Clock, options: { speed?: number; onError?: (error: unknown) => void } = {}) {
    this.#base = base;
    this.speed = options.speed ?? 1;
    this.#baseStart = base.now();
    this.#epochStart = base.epochMs();
    this.#onError = options.onError ?? (() => {});
  }

  /** Tells where a job's failure goes (the logger), once the server has one. */
  set onError(report: (error: unknown) => void) {
    this.#onError = report;
  }

  now(): number {
    return this.#baseStart + (this.#base.now() - this.#baseStart) * this.speed + this.#advanced;
  }

  epochMs(): number {
    return this.#epochStart + (this.now() - this.#baseStart);
  }

  /** How far advance() has moved this clock past the one under it, in milliseconds. */
  get advancedMs(): number {
    return this.#advanced;
  }

  setTimeout(callback: JobTask, ms: number): unknown {
    const timer = { at: this.now() + Math.max(0, ms), id: this.#nextId++, task: callback };
    const index = this.#timers.findIndex((other) => other.at > timer.at);
    if (index === -1) this.#timers.push(timer);
    else this.#timers.splice(index, 0, timer);
    if (index === 0 || this.#timers.length === 1) this.#rearm();
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    const index = this.#timers.findIndex((timer) => timer.id === handle);
    if (index === -1) return;
    this.#timers.splice(index, 1);
    if (index === 0) this.#rearm();
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Moves this clock `ms` on. Every timer due by then runs in time order, at its own time, and each one's task is
   * waited for before the next, so a job that schedules its next step within the advance runs that step too.
   * Returns how many timers ran.
   */
  async advance(ms: number): Promise<number> {
    const target = this.now() + ms;
    const advancedBefore = this.#advanced;
    let ran = 0;
    for (;;) {
      // a job the clock underneath started meanwhile finishes first, as a job the advance started does
      await this.idle();
      const due = this.#timers[0];
      if (due === undefined || due.at > target) break;
      this.#timers.shift();
      // time moves to each job's own time as it runs, so that what it schedules is timed from there
      this.#advanced += Math.max(0, due.at - this.now());
      ran++;
      await this.#run(due);
    }
    // the steps fall short of `ms` by the real time the jobs took: the clock moves on by `ms` exactly
    this.#advanced = Math.max(this.#advanced, advancedBefore + ms);
    this.#rearm();
    return ran;
  }

  /** Waits until no task started by a timer is still running. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }

  #run(timer: JobTimer): Promise<void> {
    let result: void | Promise<void>;
    try {
      result = timer.task();
    } catch (error) {
      this.#onError(error);
      return Promise.resolve();
    }
    if (!(result instanceof Promise)) return Promise.resolve();
    const running: Promise<void> = result.catch((error: unknown) => this.#onError(error)).finally(() => this.#running.delete(running));
    this.#running.add(running);
    return running;
  }

  /** Sets the one timer on the clock underneath for the soonest job. */
  #rearm(): void {
    if (this.#wake !== undefined) this.#base.clearTimeout(this.#wake);
    this.#wake = undefined;
    const next = this.#timers[0];
    if (next === undefined) return;
    const wait = Math.max(0, (next.at - this.now()) / this.speed);
    this.#wake = this.#base.setTimeout(() => {
      this.#wake = undefined;
      this.#fireDue();
    }, wait);
    // a job due later never keeps a process (a test's, or one shutting down) alive
    (this.#wake as { unref?: () => void }).unref?.();
  }

  #fireDue(): void {
    const now = this.now();
    while (this.#timers[0] !== undefined && this.#timers[0].at <= now) void this.#run(this.#timers.shift()!);
    this.#rearm();
  }
}
