import type { Clock } from '../clock/index.ts';
import type { Turn } from './turn.ts';

/**
 * Told of each finished turn, with what every observer needs and is computed once: the status sent (0 for
 * none), the total time and the time to the first token (ms, to a tenth).
 */
export type TurnObserver = (turn: Turn, status: number, totalMs: number, ttftMs: number | undefined) => void;

/**
 * Where finished turns go, a stream's once its last chunk is out: the access log, the metrics and the journal
 * subscribe to it, as msw's handlers listen for `request:end`, so that another observer (a dashboard) subscribes
 * too instead of adding a call inside the pipeline. Observers run in the order they subscribed; none touches
 * what the client receives.
 */
export class TurnSink {
  readonly #clock: Clock;
  #observers: readonly TurnObserver[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Adds an observer; returns the function that removes it. */
  subscribe(observer: TurnObserver): () => void {
    this.#observers = [...this.#observers, observer];
    return () => {
      this.#observers = this.#observers.filter((each) => each !== observer);
    };
  }

  /** Tells every observer that `turn` is finished. */
  finish(turn: Turn): void {
    const totalMs = round(this.#clock.now() - turn.startedAt);
    const status = turn.reply.status;
    const { firstTokenAt } = turn.notes;
    const ttftMs = firstTokenAt === undefined ? (status !== 0 ? totalMs : undefined) : round(firstTokenAt - turn.startedAt);
    const observers = this.#observers;
    for (let i = 0; i < observers.length; i++) observers[i]!(turn, status, totalMs, ttftMs);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
