import type { RecordedChunk } from '../cassette-types.ts';

/**
 * The events of a stream recorded whole, as one text (how both Python simulators keep a streamed answer). The
 * text holds no timing, so the events are spread evenly over `durationMs`, the time the whole answer took: a
 * replay at recorded timing then ends when the recording did. Comments and lines other than `event:` and
 * `data:` are dropped, as a client drops them.
 */
export function sseTextToChunks(text: string, durationMs = 0): RecordedChunk[] {
  const events: Array<{ event?: string; data: string }> = [];
  for (const frame of text.replace(/\r\n?/g, '\n').split(/\n\n+/)) {
    let data: string | undefined;
    let event: string | undefined;
    for (const line of frame.split('\n')) {
      const field = /^(data|event):\s?(.*)$/.exec(line);
      if (field?.[1] === 'data') data = data === undefined ? field[2]! : `${data}\n${field[2]!}`;
      else if (field?.[1] === 'event') event = field[2]!;
    }
    if (data !== undefined) events.push(event === undefined ? { data } : { event, data });
  }
  return events.map((event, i) => ({ offsetMs: Math.round((durationMs * (i + 1)) / events.length), ...event }));
}

/** Whether a body recorded as text is a stream's events: its content type says so, or its first line is an event. */
export function looksLikeEventStream(contentType: string, text: string): boolean {
  return contentType.toLowerCase().startsWith('text/event-stream') || /^(data|event):/.test(text.trimStart());
}
