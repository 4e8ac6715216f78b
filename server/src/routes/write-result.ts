import { Readable } from 'node:stream';
import type { Context } from 'koa';
import { faultyFrames, STREAM_FAULTS } from '../faults/apply-fault.ts';
import type { FaultAction } from '../generated/scenarios.ts';
import type { OperationResult, SseEvent } from '../operations/types.ts';

/**
 * Writes an operation's result with the content types the service uses. A stream fault (cut, stall,
 * malformed chunk) is applied to a stream's frames; on any other answer it truncates the body.
 */
export function writeResult(ctx: Context, result: OperationResult, fault?: FaultAction): void {
  if (fault && STREAM_FAULTS.has(fault.kind) && result.kind !== 'sse') {
    const text = typeof result.body === 'string' ? result.body : result.body.toString('utf8');
    ctx.status = 200;
    ctx.set('Content-Type', result.kind === 'json' ? 'application/json' : 'text/plain');
    ctx.body = text.slice(0, Math.floor(text.length / 2));
    return;
  }
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
      ctx.body = Readable.from(
        fault ? faultyFrames(sseFrames(result.events, result.done ?? true), fault, ctx) : sseFrames(result.events, result.done ?? true),
      );
      return;
  }
}

function* sseFrames(events: Iterable<SseEvent>, done: boolean): Generator<string> {
  for (const { event, data } of events) yield event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
  if (done) yield 'data: [DONE]\n\n';
}
