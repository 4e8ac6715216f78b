import type { IndexedInteraction, RecordedRequest, StoreAnswer } from '../cassettes/index.ts';
import type { OperationResult } from '../operations/types.ts';
import { replayResult } from '../replay/replay-result.ts';
import { recordedRequestOf } from './forward-upstream.ts';
import type { Turn } from './turn.ts';

/** What replay answers when a miss is to be recorded: the request goes to the upstream instead. */
export const RECORD_THE_MISS = Symbol('record the miss');

/** The replay stage's answer: a promise only when the store keeping the cassettes' places answers with one. */
export type Replayed = OperationResult | typeof RECORD_THE_MISS | undefined;

/**
 * A recorded answer, when no rule answered and the cassettes hold one for the request. A miss is recorded from
 * the upstream (onMiss: record), refused (onMiss: error), or left to the default generator.
 */
export function replay(turn: Turn): StoreAnswer<Replayed> {
  const { cassettes } = turn.state;
  if (turn.decision?.rule || !cassettes || !(cassettes.replays || cassettes.records)) return undefined;
  const recorded = recordedRequestOf(turn);
  const { raw } = turn.body;
  const bytes = raw && { body: raw, contentType: turn.inbound.header('content-type') };
  const hit = cassettes.replays ? cassettes.lookup(recorded, turn.identity.testId, bytes) : undefined;
  // the store in this process answers at once: the replay path then makes no promise
  return hit instanceof Promise ? hit.then((found) => answerWith(turn, recorded, found)) : answerWith(turn, recorded, hit);
}

function answerWith(turn: Turn, recorded: RecordedRequest, hit: IndexedInteraction | undefined): Replayed {
  const cassettes = turn.state.cassettes!;
  const { raw, fields } = turn.body;
  if (hit) {
    turn.notes.cassette = `${hit.source.file}#${hit.source.index}`;
    const includeUsage = (fields.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    return replayResult(hit.interaction, turn.identity.operation, fields.stream === true, includeUsage, cassettes.timing);
  }
  if (cassettes.onMiss === 'record' && raw) return RECORD_THE_MISS;
  if (cassettes.onMiss === 'error') throw cassettes.missError(recorded);
  return undefined;
}
