import type { TokenizerName } from '../../config/model-catalog.ts';
import { AoaiError } from '../../http/aoai-error.ts';
import type { StoredResponse } from './response-store.ts';

/**
 * When a background response runs, on the job clock (epoch ms): queued until its first token is due (TTFT), in
 * progress while its tokens are generated (tokens × ITL), done after. Kept with the response, so that the status
 * is read off the clock at each retrieve, on whichever replica of a shared store is asked; the only timer is the
 * one that announces its end (BackgroundEnds).
 */
export interface BackgroundRun {
  /** When it was created. */
  startedAt: number;
  queuedUntil: number;
  doneAt: number;
  /** When a cancel stopped it, before `doneAt`. */
  cancelledAt?: number;
  /** Created with `stream: true`: its events can be streamed again with `starting_after`. */
  stream: boolean;
  /** What its events are split by, as the stream that created it split them. */
  tokenizer: TokenizerName;
  tokensPerChunk: number;
  /** The resource it was created on (`default`: the simulator's own): its end event's. */
  resource: string;
}

export type BackgroundStatus = 'queued' | 'in_progress' | 'cancelled' | 'finished';

export function backgroundStatus(run: BackgroundRun, now: number): BackgroundStatus {
  if (run.cancelledAt !== undefined) return 'cancelled';
  if (now < run.queuedUntil) return 'queued';
  return now < run.doneAt ? 'in_progress' : 'finished';
}

/** A response not finished yet: no output, usage or completion time. */
export function pendingBody(body: Record<string, unknown>, status: 'queued' | 'in_progress' | 'cancelled'): Record<string, unknown> {
  return { ...body, status, output: [], usage: null, incomplete_details: null, completed_at: null };
}

/** A background response as it finished: completed (or incomplete) when its run ended. */
export function finishedBody(body: Record<string, unknown>, run: BackgroundRun): Record<string, unknown> {
  return { ...body, completed_at: body.status === 'completed' ? Math.floor(run.doneAt / 1000) : null };
}

/**
 * A stored response as retrieve shows it at `now`: a background one queued or in progress has no output, usage
 * or completion time yet; a cancelled one keeps no output; a finished one completed when its run ended.
 */
export function responseAt(stored: StoredResponse, now: number): Record<string, unknown> {
  const run = stored.background;
  if (!run) return stored.body;
  const status = backgroundStatus(run, now);
  return status === 'finished' ? finishedBody(stored.body, run) : pendingBody(stored.body, status);
}

/** What a cancel at `now` does: the response stopped (or already stopped), or the service's refusal. */
export function cancelAt(stored: StoredResponse, now: number): { response: StoredResponse } | { refusal: AoaiError } {
  const run = stored.background;
  if (!run) return { refusal: AoaiError.openai(400, 'Cannot cancel a synchronous response.') };
  const status = backgroundStatus(run, now);
  // cancelling twice answers the cancelled response again
  if (status === 'cancelled') return { response: stored };
  if (status === 'finished') {
    // the incomplete wording is not confirmed: only the completed one is seen quoted
    const what = stored.body.status === 'completed' ? 'a completed' : 'an incomplete';
    return { refusal: AoaiError.openai(400, `Cannot cancel ${what} response.`) };
  }
  return { response: { ...stored, background: { ...run, cancelledAt: now } } };
}
