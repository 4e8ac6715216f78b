import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import { planFor } from '../../latency/index.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { OperationResult, SseEvent, TokenUsage } from '../types.ts';
import type { BackgroundEnds } from './background-ends.ts';
import { finishedBody, pendingBody, type BackgroundRun } from './background-run.ts';
import { responseEvents } from './response-events.ts';
import type { ResponseStore, StoredResponse } from './response-store.ts';
import type { OutputItem } from './responses-output.ts';
import type { InputItem, ResponsesRequest } from './responses-request.ts';

/** `background: true` keeps the response to be polled: the service refuses it with `store: false`. */
export function refuseUnstoredBackground(request: ResponsesRequest): void {
  if (request.background === true && request.store === false) {
    // code and param as the service's contract lists them; the wording is not confirmed
    throw serviceErrors.invalidRequest('Background mode requires store=true.', 'background', 'unsupported_parameter');
  }
}

/**
 * The run of a background response created at `time` that writes `outputTokens`: queued until its first token
 * (TTFT), done after TTFT + tokens × ITL, by the deployment's latency profile.
 */
export function backgroundRun(
  deployment: ResolvedDeployment,
  time: number,
  outputTokens: number,
  stream: boolean,
  resource: string,
): BackgroundRun {
  const timing = planFor(deployment.latency).forRequest();
  const total = timing.completionDelayMs(outputTokens);
  return {
    startedAt: time,
    queuedUntil: time + Math.min(timing.ttftMs(), total),
    doneAt: time + total,
    stream,
    tokenizer: deployment.tokenizer,
    tokensPerChunk: timing.tokensPerChunk,
    resource,
  };
}

/**
 * The events of a background stream, numbered as they were first sent, so that `starting_after` resumes it:
 * created and queued, in_progress, the output, completed. A cancelled run ends in `response.failed` with the
 * cancelled response after in_progress, as the service ends a cancelled stream.
 */
export function* backgroundEvents(stored: StoredResponse): Generator<SseEvent> {
  const run = stored.background!;
  const events = responseEvents(
    pendingBody(stored.body, 'in_progress'),
    finishedBody(stored.body, run),
    stored.body.output as OutputItem[],
    tokenizerFor(run.tokenizer),
    run.tokensPerChunk,
    pendingBody(stored.body, 'queued'),
  );
  if (run.cancelledAt === undefined) return yield* events;
  let sequence = 0;
  for (const event of events) {
    yield event;
    sequence++;
    if (event.event === 'response.in_progress') break;
  }
  const type = 'response.failed';
  yield { event: type, data: JSON.stringify({ type, sequence_number: sequence, response: pendingBody(stored.body, 'cancelled') }) };
}

/** What a background response is created with: where it is kept and announced, and when, on the job clock. */
export interface BackgroundStart {
  store: ResponseStore;
  ends: BackgroundEnds;
  /** The job clock's time it was created at, epoch ms. */
  time: number;
  deployment: ResolvedDeployment;
  /** The resource it was created on. */
  resource: string;
  stream: boolean;
}

/**
 * Keeps a background response with its run, sets the timer that announces its end, and answers at once: the
 * queued response, or its stream (paced as any stream, and resumable with `starting_after`).
 */
export async function backgroundAnswer(
  start: BackgroundStart,
  stored: Omit<StoredResponse, 'background'>,
  outputItems: readonly InputItem[],
  usage: TokenUsage,
): Promise<OperationResult> {
  const { store, ends, time, deployment, resource, stream } = start;
  const kept: StoredResponse = { ...stored, background: backgroundRun(deployment, time, usage.completionTokens, stream, resource) };
  await store.save(kept, outputItems);
  ends.scheduleEnd(kept);
  if (stream) return { kind: 'sse', usage, done: false, events: backgroundEvents(kept) };
  return { kind: 'json', body: JSON.stringify(pendingBody(kept.body, 'queued')), usage, atOnce: true };
}
