// Server-sent event streams as the service frames them (protocol notes §4, and the Responses API's named events).
import { excerpt, isObject } from './json-body.ts';

interface SseEvent {
  event?: string;
  data: string;
}

/** The events of a stream; a trailing event without its blank line is kept too, marked by `unterminated`. */
export function parseSse(text: string): { events: SseEvent[]; unterminated: boolean } {
  const blocks = text.split('\n\n');
  const last = blocks.pop() ?? '';
  const events = blocks.map(toEvent);
  if (last.trim() !== '') events.push(toEvent(last));
  return { events, unterminated: last.trim() !== '' };
}

function toEvent(block: string): SseEvent {
  const event: SseEvent = { data: '' };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event.event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  event.data = data.join('\n');
  return event;
}

/** Chat and legacy completions: JSON chunks, none an error, then `data: [DONE]`. */
export function chunkStreamProblem(text: string): string | undefined {
  const { events, unterminated } = parseSse(text);
  if (unterminated) return 'the stream ends mid-event';
  if (events.length === 0) return 'an empty stream';
  if (events[events.length - 1]!.data !== '[DONE]')
    return `the stream does not end with data: [DONE] (last: ${excerpt(events[events.length - 1]!.data)})`;
  for (const event of events.slice(0, -1)) {
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      return `a chunk is not JSON: ${excerpt(event.data)}`;
    }
    if (!isObject(chunk)) return `a chunk is not an object: ${excerpt(event.data)}`;
    if ('error' in chunk) return `a chunk carries an error: ${excerpt(event.data)}`;
    if (!Array.isArray(chunk.choices)) return `a chunk has no choices array: ${excerpt(event.data)}`;
  }
  return undefined;
}

const RESPONSE_ENDS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** The Responses API: named events whose data's `type` is the event's name, ending with the response's last state. */
export function responseStreamProblem(text: string): string | undefined {
  const { events, unterminated } = parseSse(text);
  if (unterminated) return 'the stream ends mid-event';
  if (events.length === 0) return 'an empty stream';
  for (const event of events) {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return `an event's data is not JSON: ${excerpt(event.data)}`;
    }
    if (!isObject(data) || data.type !== event.event) return `an event's type is not its name: ${excerpt(`${event.event} ${event.data}`)}`;
    if (event.event === 'error') return `the stream carries an error event: ${excerpt(event.data)}`;
  }
  const last = events[events.length - 1]!.event ?? '';
  return RESPONSE_ENDS.has(last) ? undefined : `the stream ends with "${last}", not the response's last state`;
}
