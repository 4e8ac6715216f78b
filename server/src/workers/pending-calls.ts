import { realClock, type Clock } from '../clock/index.ts';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  deadline: number;
  op: string;
}

/**
 * A worker's store calls awaiting the primary's answer, each failed once `timeoutMs` has passed without one.
 *
 * One timer watches them all, set for the oldest call's deadline, instead of one timer per call: calls are kept
 * in the order they were made, which is also the order of their deadlines, so a sweep stops at the first call
 * still in time.
 */
export class PendingCalls {
  readonly #calls = new Map<number, Pending>();
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  #timer: unknown = undefined;

  constructor(timeoutMs: number, clock: Clock = realClock) {
    this.#timeoutMs = timeoutMs;
    this.#clock = clock;
  }

  /** Waits for call `id`'s answer (see settle), or fails after the timeout. */
  add(id: number, op: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve, reject, deadline: this.#clock.now() + this.#timeoutMs, op });
      if (this.#timer === undefined) this.#timer = this.#clock.setTimeout(this.#sweep, this.#timeoutMs);
    });
  }

  /** Answers call `id` with its value, or fails it with the primary's error; an unknown or timed-out id is ignored. */
  settle(id: number, value: unknown, error: string | undefined): void {
    const pending = this.#calls.get(id);
    if (!pending) return;
    this.#calls.delete(id);
    if (error !== undefined) pending.reject(new Error(error));
    else pending.resolve(value);
    if (this.#calls.size === 0 && this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  readonly #sweep = (): void => {
    this.#timer = undefined;
    const now = this.#clock.now();
    for (const [id, pending] of this.#calls) {
      if (pending.deadline > now) {
        this.#timer = this.#clock.setTimeout(this.#sweep, pending.deadline - now);
        return;
      }
      this.#calls.delete(id);
      pending.reject(new Error(`the primary process did not answer ${pending.op} within ${this.#timeoutMs} ms`));
    }
  };
}
