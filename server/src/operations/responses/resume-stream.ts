import { AoaiError } from '../../http/aoai-error.ts';
import type { SseEvent } from '../types.ts';
import { backgroundEvents } from './background-answer.ts';
import type { StoredResponse } from './response-store.ts';

/**
 * `GET …/responses/{id}?stream=true&starting_after=N`: the events of a background stream after the one numbered
 * N (all of them without N). Only a response created with `background` and `stream` has them; the service
 * refuses the others with a 400 on `stream`.
 */
export function resumedEvents(stored: StoredResponse, startingAfter: string | undefined): SseEvent[] {
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
  return [...backgroundEvents(stored)].slice(Math.max(after + 1, 0));
}

/** Events as the text of an SSE body: named, with no `[DONE]`, as the Responses API streams them. */
export function sseText(events: readonly SseEvent[]): string {
  return events.map((event) => `${event.event ? `event: ${event.event}\n` : ''}data: ${event.data}\n\n`).join('');
}
