import { sleep } from '../latency/index.ts';
import type { OperationResult } from '../operations/types.ts';
import { writeResult } from '../routes/write-result.ts';
import { ZERO_TIMING, type Turn } from './turn.ts';

/**
 * Writes the answer when it is due: a whole answer after its latency (from the request's arrival, so the time
 * the handler took counts), a stream at once, paced chunk by chunk. A replay goes at its recorded timing, or by
 * the latency model when `replay.timing: latency` says so.
 */
export function deliver(turn: Turn, result: OperationResult): Promise<void> {
  const replayed = turn.notes.cassette !== undefined;
  const byLatency = !replayed || turn.state.cassettes?.timing === 'latency';
  if (!byLatency) turn.timing = ZERO_TIMING;
  const { timing } = turn;
  if (result.kind === 'sse' || timing.zero || (result.kind === 'json' && result.atOnce)) return writeResult(turn.reply, result, turn);
  const usage = 'usage' in result ? result.usage : undefined;
  const delay =
    turn.identity.operation === 'embeddings'
      ? timing.embeddingDelayMs(usage?.promptTokens ?? 0)
      : timing.completionDelayMs(usage?.completionTokens ?? 0);
  const { scheduler } = turn;
  return sleep(turn.startedAt + delay - scheduler.now(), { scheduler, signal: turn.signal })
    .catch(() => undefined)
    .then(() => writeResult(turn.reply, result, turn));
}
