import { Readable } from 'node:stream';
import type { Context } from 'koa';
import type { OperationResult, SseEvent } from '../operations/types.ts';

/** Writes an operation's result with the content types the service uses. */
export function writeResult(ctx: Context, result: OperationResult): void {
  switch (result.kind) {
    case 'json':
      ctx.status = result.status ?? 200;
      ctx.set('Content-Type', 'application/json');
      ctx.body = result.body;
      return;
    case 'text':
    case 'binary':
      ctx.status = 200;
      ctx.set('Content-Type', result.contentType);
      ctx.body = result.body;
      return;
    case 'raw':
      ctx.status = result.status;
      ctx.set(result.headers);
      ctx.body = result.body;
      return;
    case 'sse':
      ctx.status = 200;
      ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'x-accel-buffering': 'no' });
      ctx.body = Readable.from(sseFrames(result.events, result.done ?? true));
      return;
  }
}

function* sseFrames(events: Iterable<SseEvent>, done: boolean): Generator<string> {
  for (const { event, data } of events) yield event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
  if (done) yield 'data: [DONE]\n\n';
}
