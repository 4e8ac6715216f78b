import type { ResolvedVideoTiming } from '../../config/resolve-config.ts';
import { faultError } from '../../faults/fault-responses.ts';
import type { ChosenFault } from '../../faults/fault-injector.ts';
import { sampler } from '../../latency/distributions.ts';
import type { VideoFailure, VideoSeconds } from './video-job.ts';

/** When a job's steps fall, in epoch ms on the job clock, and how it fails if a fault says so. */
export interface VideoPlan {
  startsAtMs: number;
  endsAtMs: number;
  failure?: { error: VideoFailure; atMs: number };
}

/** What the moderation of a video job answers: the job fails with it (not the request, which was accepted). */
const MODERATION_BLOCKED: VideoFailure = { code: 'moderation_blocked', message: 'Your request was blocked by our moderation system.' };

/** Draws a deployment's job durations, ms: one pair of samplers per timing, so a seeded run repeats. */
export class VideoTimer {
  readonly #queued: () => number;
  readonly #renderPerSecond: () => number;

  constructor(timing: ResolvedVideoTiming, seed: string) {
    this.#queued = sampler(timing.queued, `${seed}:queued`);
    this.#renderPerSecond = sampler(timing.renderPerSecond, `${seed}:render`);
  }

  /**
   * The plan of a job created at `nowMs` for a clip of `seconds`, under the fault the create request drew, if
   * any: a `latency` fault stretches the queue and the render by its factor; a `status` fault fails the job half
   * way through its render with the error that fault answers (content_filter: moderation_blocked, as a video job
   * is refused). The other kinds act on a connection, which a job has none of: they are ignored.
   */
  plan(nowMs: number, seconds: VideoSeconds, fault: ChosenFault | undefined, requestId: string): VideoPlan {
    const factor = fault?.action.kind === 'latency' ? (fault.action.factor ?? 1) : 1;
    const startsAtMs = nowMs + Math.round(this.#queued() * factor);
    const endsAtMs = startsAtMs + Math.round(this.#renderPerSecond() * Number(seconds) * factor);
    if (fault?.action.kind !== 'status') return { startsAtMs, endsAtMs };
    return { startsAtMs, endsAtMs, failure: { error: failureOf(fault, requestId), atMs: Math.round((startsAtMs + endsAtMs) / 2) } };
  }
}

function failureOf(fault: ChosenFault, requestId: string): VideoFailure {
  if (fault.action.error === 'content_filter') return MODERATION_BLOCKED;
  const error = faultError(fault.action, { requestId, operation: 'videos', apiVersion: undefined, contextWindow: 0 });
  const body = JSON.parse(error.body) as { error?: { message?: unknown } };
  const message = typeof body.error?.message === 'string' ? body.error.message : `The video job failed (${error.status}).`;
  return { code: error.code, message };
}
