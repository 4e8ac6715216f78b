import { validateHeaderName, validateHeaderValue } from 'node:http';
import { AoaiError } from '../http/aoai-error.ts';
import { faultyFrames, STREAM_FAULTS } from '../faults/apply-fault.ts';
import type { FaultAction } from '../generated/scenarios.ts';
import { paceEvents, streamSchedule, type PacerLatenessObserver, type RequestTiming, type Scheduler } from '../latency/index.ts';
import type { OperationResult, SseEvent } from '../operations/types.ts';
import type { Reply } from '../pipeline/reply.ts';

/** How a result is delivered: when the request started, its timing, and a fault to act out in it. */
export interface Delivery {
  /** The request's arrival on the pacer's clock: the handler's own time counts toward TTFT. */
  startedAt: number;
  /** What pacing and a fault's waits run on: the simulator's clock. */
  scheduler: Scheduler;
  timing: RequestTiming;
  /** A fault that acts on the answer's stream (a cut, a stall, a malformed chunk). */
  streamFault?: FaultAction | undefined;
  /** Aborted when the client goes away: pacing stops. */
  signal: AbortSignal;
  /** Told when the first token is due out (on the scheduler's clock), for TTFT in the journal and metrics. */
  onFirstToken?: (at: number) => void;
  /** Told how late each paced chunk was written: the simulator's own lateness, for its metrics. */
  pacerLateness?: PacerLatenessObserver | undefined;
}

/**
 * Writes an operation's result with the content types the service uses. A stream is paced (first content at
 * TTFT, then a chunk every tokensPerChunk × ITL) unless its timing is zero. A stream fault (cut, stall, malformed
 * chunk) is applied to a stream's frames; on any other answer it truncates the body. Resolves when the answer
 * is written, a stream's last frame included.
 *
 * A text the operation knows to be ASCII (`ascii`) is counted by its length and written as latin1, which for ASCII
 * is byte for byte UTF-8. Otherwise Node has V8 measure its UTF-8 length, a character at a time, and copy it
 * flat first: for a stream sent at once, Node's chunk framing measured the whole text, 8% of the core in the
 * profile of the bench's stream.
 */
export async function writeResult(reply: Reply, result: OperationResult, delivery?: Delivery): Promise<void> {
  const fault = delivery?.streamFault;
  if (fault && STREAM_FAULTS.has(fault.kind) && result.kind !== 'sse') {
    const text = typeof result.body === 'string' ? result.body : result.body.toString('utf8');
    reply.send(200, result.kind === 'json' ? 'application/json' : 'text/plain', text.slice(0, Math.floor(text.length / 2)));
    return;
  }
  switch (result.kind) {
    case 'json':
      reply.send(result.status ?? 200, 'application/json', result.body, result.ascii);
      return;
    case 'text':
    case 'binary':
      reply.send(200, result.contentType, result.body);
      return;
    case 'raw':
      reply.set(sendableHeaders(result.headers));
      // without a content type of its own, what Koa gave such a body before
      reply.send(
        result.status,
        hasContentType(result.headers)
          ? undefined
          : typeof result.body === 'string'
            ? 'text/plain; charset=utf-8'
            : 'application/octet-stream',
        result.body,
      );
      return;
    case 'sse': {
      const events = withDone(result.events, result.done ?? true);
      const timing = delivery?.timing;
      const schedule = result.recordedTiming
        ? (_index: number, event: SseEvent) => event.atMs ?? 0
        : timing && !timing.zero
          ? streamSchedule(timing, (event: SseEvent) => event.tokens ?? 0)
          : undefined;
      if (!schedule && !fault && result.text && (result.done ?? true)) {
        await reply.stream(200, SSE_HEADERS, [result.text()], result.ascii);
        return;
      }
      const frames =
        schedule && delivery
          ? paceEvents(events, noteFirstToken(schedule, delivery), {
              scheduler: delivery.scheduler,
              startedAt: delivery.startedAt,
              map: frame,
              signal: delivery.signal,
              lateness: delivery.pacerLateness,
            })
          : mapFrames(events);
      // a fault's frames (a malformed chunk, say) are not the operation's: only the operation's are known ASCII
      if (fault && delivery) await reply.stream(200, SSE_HEADERS, faultyFrames(frames, fault, reply, delivery.scheduler));
      else await reply.stream(200, SSE_HEADERS, frames, result.ascii);
      return;
    }
  }
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };

const DONE: SseEvent = { data: '[DONE]' };

/** The schedule, telling the delivery when the first event with tokens is due. */
function noteFirstToken(
  schedule: (index: number, event: SseEvent) => number,
  delivery: Delivery,
): (index: number, event: SseEvent) => number {
  let noted = delivery.onFirstToken === undefined;
  return (index, event) => {
    const offset = schedule(index, event);
    if (!noted && (event.tokens ?? 0) > 0) {
      noted = true;
      delivery.onFirstToken!(Math.max(delivery.startedAt + offset, delivery.scheduler.now()));
    }
    return offset;
  };
}

function* withDone(events: Iterable<SseEvent>, done: boolean): Generator<SseEvent> {
  yield* events;
  if (done) yield DONE;
}

function frame({ event, data }: SseEvent): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}

function* mapFrames(events: Iterable<SseEvent>): Generator<string> {
  for (const event of events) yield frame(event);
}

/** A raw answer's headers (a rule's or a recording's), refused with a clear 500 when Node could not send one. */
function sendableHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (error) {
      throw AoaiError.openai(500, `The answer's header ${JSON.stringify(name)} cannot be sent: ${(error as Error).message}`, {
        type: 'server_error',
        code: 'invalid_answer_header',
      });
    }
  }
  return headers;
}

function hasContentType(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
}
