import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import type { Turn } from './turn.ts';
import { TurnSink } from './turn-sink.ts';

/** What the sink reads of a turn: when it started, the status sent, when its first token went out. */
const finishedTurn = (status: number, firstTokenAt?: number) =>
  ({ startedAt: 1000, reply: { status }, notes: firstTokenAt === undefined ? {} : { firstTokenAt } }) as unknown as Turn;

test('each observer is told of each finished turn, in order, with its status and latencies computed once', async (t) => {
  const clock = new ManualClock();
  await clock.advanceTo(1250.04);
  const sink = new TurnSink(clock);
  const seen: string[] = [];
  sink.subscribe((_turn, status, totalMs, ttftMs) => seen.push(`log ${status} ${totalMs} ${ttftMs}`));
  const stop = sink.subscribe((_turn, status) => seen.push(`dashboard ${status}`));
  sink.finish(finishedTurn(200, 1100));
  stop();
  sink.finish(finishedTurn(0));
  t.deepEqual(seen, ['log 200 250 100', 'dashboard 200', 'log 0 250 undefined']);
});
