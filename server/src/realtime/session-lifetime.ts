import type { Clock } from '../clock/index.ts';
import type { Scheduler, SchedulerTimer } from '../latency/index.ts';
import { RealtimeProblem } from './realtime-problem.ts';

/**
 * The close code of a session that reached its maximum duration: 1001 (going away), with the `error` event's
 * message as the reason, as OpenAI's realtime service closes it ("received 1001 (going away) Your session hit the
 * maximum duration of 60 minutes.", pollen-robotics/reachy_mini_conversation_app#134). Azure's was not observed.
 */
export const SESSION_EXPIRED_CLOSE_CODE = 1001;

/**
 * The `error` event a session gets when its lifetime is over, before the service closes it: code
 * `session_expired`, "Your session hit the maximum duration of 15 minutes." (the OpenAI community's reports of the
 * beta's 15-minute cap, "Realtime API - session_expired?"), the duration in minutes when it is a whole number of them.
 */
export function sessionExpired(seconds: number): RealtimeProblem {
  const duration = seconds % 60 === 0 ? plural(seconds / 60, 'minute') : plural(seconds, 'second');
  return new RealtimeProblem('session_expired', `Your session hit the maximum duration of ${duration}.`);
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * How long a session may last: its `expires_at`, and its end when that comes, on the simulator's clock (a test's
 * ManualClock moves past it). The wait is one entry in the shared scheduler's timer wheel, not a Node timer of its
 * own, and it is taken out when the session ends first, so an idle simulator holds no timer.
 */
export class SessionLifetime {
  /** Epoch seconds at which the session expires: `expires_at` in `session.created`. */
  readonly expiresAt: number;
  readonly seconds: number;
  readonly #timer: SchedulerTimer;

  constructor(scheduler: Scheduler, clock: Clock, seconds: number, expire: () => void) {
    this.seconds = seconds;
    this.expiresAt = Math.floor(clock.epochMs() / 1000) + seconds;
    this.#timer = scheduler.timer(expire);
    this.#timer.set(scheduler.now() + seconds * 1000);
  }

  /** The session ended before its time: the wait is dropped. */
  end(): void {
    this.#timer.cancel();
  }
}
