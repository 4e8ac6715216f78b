import type { Exchange } from '../http/exchange.ts';
import type { FaultAction } from '../generated/scenarios.ts';
import type { Scheduler, SchedulerTimer } from '../latency/index.ts';

/** Fault kinds that act on a stream's events rather than before the answer. */
export const STREAM_FAULTS: ReadonlySet<FaultAction['kind']> = new Set(['stream-cut', 'stream-stall', 'malformed-sse']);

/**
 * Waits `ms` on the scheduler's clock (or, without it, until the client goes away), resolving early when the
 * client closes.
 */
export function holdConnection(exchange: Exchange, ms: number | undefined, scheduler: Scheduler): Promise<void> {
  return new Promise((resolve) => {
    let timer: SchedulerTimer | undefined;
    const done = () => {
      timer?.cancel();
      exchange.req.off('close', done);
      resolve();
    };
    if (ms !== undefined) {
      timer = scheduler.timer(done);
      timer.set(scheduler.now() + ms);
    }
    exchange.req.once('close', done);
  });
}

/**
 * Acts out a fault that replaces the answer: a hang (then the connection closes with no answer, as a timeout
 * looks), a reset, an empty close, or malformed JSON. Returns true when the request has been dealt with.
 */
export async function actOutFault(exchange: Exchange, action: FaultAction, scheduler: Scheduler): Promise<boolean> {
  switch (action.kind) {
    case 'hang':
      await holdConnection(exchange, action.durationMs, scheduler);
      exchange.handOver().socket?.destroy();
      return true;
    case 'reset':
      exchange.handOver().socket?.resetAndDestroy();
      return true;
    case 'empty':
      exchange.handOver().socket?.destroy();
      return true;
    case 'malformed-json':
      exchange.send(
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
 * A stream with a fault in it: after `afterChunks` events the connection is cut (stream-cut), goes silent
 * (stream-stall, until `durationMs` or the client gives up, then cut), or one malformed chunk is sent before
 * the rest (malformed-sse).
 */
export async function* faultyFrames(
  frames: Iterable<string> | AsyncIterable<string>,
  action: FaultAction,
  exchange: Exchange,
  scheduler: Scheduler,
): AsyncGenerator<string> {
  const after = action.afterChunks ?? 0;
  let sent = 0;
  for await (const frame of frames) {
    if (sent === after) {
      if (action.kind === 'malformed-sse') {
        yield 'data: {"choices":[{"delta":{"content":"trunc\n\n';
      } else {
        if (action.kind === 'stream-stall') await holdConnection(exchange, action.durationMs, scheduler);
        await flushed(exchange);
        exchange.res.socket?.destroy();
        return;
      }
    }
    yield frame;
    sent++;
  }
}

/** Waits until what was sent so far has left the process, so a cut comes after the chunks before it. */
async function flushed({ res }: Exchange): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (res.writableLength === 0 && (res.socket?.writableLength ?? 0) === 0) return;
    // real time: the socket drains on the network's time, whatever clock the simulation runs on
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
