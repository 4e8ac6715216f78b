import type { FaultAction } from '../generated/scenarios.ts';
import type { Scheduler } from '../latency/index.ts';
import type { Reply } from '../pipeline/reply.ts';

/** Fault kinds that act on a stream's events rather than before the answer. */
export const STREAM_FAULTS: ReadonlySet<FaultAction['kind']> = new Set(['stream-cut', 'stream-stall', 'malformed-sse']);

/**
 * Acts out a fault that replaces the answer, through the turn's Reply: a hang (then the connection closes with no
 * answer, as a timeout looks), a reset, an empty close, or malformed JSON. Returns true when the request has
 * been dealt with.
 */
export async function actOutFault(reply: Reply, action: FaultAction, scheduler: Scheduler): Promise<boolean> {
  switch (action.kind) {
    case 'hang':
      await reply.hold(action.durationMs, scheduler);
      reply.drop();
      return true;
    case 'reset':
      reply.reset();
      return true;
    case 'empty':
      reply.drop();
      return true;
    case 'malformed-json':
      reply.send(
        200,
        'application/json',
        '{"choices":[{"content_filter_results":{},"finish_reason":"stop","index":0,"message":{"content":"The answer is',
      );
      return true;
    default:
      return false;
  }
}

/**
 * A stream with a fault in it: after `afterChunks` events the answer is cut (stream-cut), goes silent
 * (stream-stall, until `durationMs` or the client gives up, then cut), or one malformed chunk is sent before
 * the rest (malformed-sse).
 */
export async function* faultyFrames(
  frames: Iterable<string> | AsyncIterable<string>,
  action: FaultAction,
  reply: Reply,
  scheduler: Scheduler,
): AsyncGenerator<string> {
  const after = action.afterChunks ?? 0;
  let sent = 0;
  for await (const frame of frames) {
    if (sent === after) {
      if (action.kind === 'malformed-sse') {
        yield 'data: {"choices":[{"delta":{"content":"trunc\n\n';
      } else {
        if (action.kind === 'stream-stall') await reply.hold(action.durationMs, scheduler);
        await reply.cut();
        return;
      }
    }
    yield frame;
    sent++;
  }
}
