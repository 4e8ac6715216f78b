import type { Clock } from './clock.ts';

/** Lets pending promise continuations (a consumer's next step) run before time moves on. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Where a ManualClock's epoch time starts unless told: a fixed instant, so that runs repeat exactly. */
export const MANUAL_EPOCH_MS = Date.UTC(2025, 0, 1);

/**
 * A clock for tests and simulated runs: time moves only when told, and timers fire in order as it passes them.
 * Its epoch time moves with its monotonic time, from `epochMs` (MANUAL_EPOCH_MS by default). `earlyBy` fires
 * every timer that much before its time, as Node's whole-millisecond timers can.
 */
export class ManualClock implements Clock {
  #now = 0;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();
  readonly #earlyBy: number;
  readonly #epochMs: number;
  /** How many timers were ever set. */
  created = 0;

  constructor(options: { earlyBy?: number; epochMs?: number } = {}) {
    this.#earlyBy = options.earlyBy ?? 0;
    this.#epochMs = options.epochMs ?? MANUAL_EPOCH_MS;
  }

  now(): number {
    return this.#now;
  }

  epochMs(): number {
    return this.#epochMs + this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.created++;
    this.#timers.set(id, { at: this.#now + ms - this.#earlyBy, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Timers set and not yet fired or cleared. */
  get timers(): number {
    return this.#timers.size;
  }

  /** Moves time to `target`, firing each timer it passes at its own time, then letting continuations run. */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      await settle();
      let first: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].at <= target && (first === undefined || entry[1].at < first[1].at)) first = entry;
      if (first === undefined) break;
      this.#timers.delete(first[0]);
      this.#now = Math.max(this.#now, first[1].at);
      first[1].callback();
    }
    this.#now = Math.max(this.#now, target);
    await settle();
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }
}
