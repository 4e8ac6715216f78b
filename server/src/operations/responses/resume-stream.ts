import { AoaiError } from '../../http/aoai-error.ts';
import type { SseEvent } from '../types.ts';
import { backgroundEvents } from './background-answer.ts';
import type { BackgroundRun } from './background-run.ts';
import type { StoredResponse } from './response-store.ts';

/**
 * `GET …/responses/{id}?stream=true&starting_after=N`: the events of a background stream after the one numbered
 * N (all of them without N). Only a response created with `background` and `stream` has them; the service
 * refuses the others with a 400 on `stream`.
 */
export function resumedEvents(stored: StoredResponse, startingAfter: string | undefined): TimedEvent[] {
  const run = stored.background;
  if (!run) {
    throw AoaiError.openai(400, 'This response cannot be streamed because it was not created with background=true.', { param: 'stream' });
  }
  if (!run.stream) {
    // the wording is not confirmed: the service's contract only says this is a 400
    throw AoaiError.openai(400, 'This response cannot be streamed because it was not created with stream=true.', { param: 'stream' });
  }
  if (startingAfter !== undefined && !/^-?\d+$/.test(startingAfter)) {
    throw AoaiError.openai(400, "Invalid type for 'starting_after': expected an integer, but got a string instead.", {
      param: 'starting_after',
      code: 'invalid_type',
    });
  }
  const after = startingAfter === undefined ? -1 : Number(startingAfter);
  return timedEvents([...backgroundEvents(stored)], run).slice(Math.max(after + 1, 0));
}

/** An event and when it happens in its run, ms after the run was created. */
export interface TimedEvent {
  event: SseEvent;
  atMs: number;
}

/**
 * When each event of a run happens, so that a stream resumed while the run goes on keeps pace with what
 * retrieve shows: created and queued at once, in_progress when queuing ends, the output's events spread over
 * the tokens between then and the end, the last event when the run ends (or was cancelled).
 */
function timedEvents(events: readonly SseEvent[], run: BackgroundRun): TimedEvent[] {
  const started = run.queuedUntil - run.startedAt;
  const end = (run.cancelledAt ?? run.doneAt) - run.startedAt;
  const totalTokens = events.reduce((sum, event) => sum + (event.tokens ?? 0), 0);
  let tokens = 0;
  return events.map((event, i) => {
    tokens += event.tokens ?? 0;
    if (i === events.length - 1) return { event, atMs: end };
    if (i < 2) return { event, atMs: 0 };
    return { event, atMs: Math.min(end, started + (totalTokens === 0 ? 0 : (tokens / totalTokens) * (end - started))) };
  });
}

/** An event as SSE text: named, and with no `[DONE]` after the last, as the Responses API streams them. */
export function sseFrame({ event }: TimedEvent): string {
  return `${event.event ? `event: ${event.event}\n` : ''}data: ${event.data}\n\n`;
}
