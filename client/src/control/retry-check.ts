import { callTable } from './call-table.ts';
import type { JournalEntry } from './types.ts';
import { VerificationError } from './verification-error.ts';

/**
 * The slack, in ms, a retry may come before its 429's retry-after ends and still count as honoured. The journal
 * keeps arrival times to the millisecond, the retry-after-ms header is rounded to one, and a client's timer may
 * fire a millisecond early by the wall clock: together a few ms, against waits of hundreds.
 */
export const DEFAULT_RETRY_TOLERANCE_MS = 5;

/** A 429 that asked for a wait, and the call that came next. */
export interface RetryGap {
  refusal: JournalEntry;
  next: JournalEntry;
  /** From the 429's arrival to the next call's. */
  gapMs: number;
  /** The 429's retry-after, in ms. */
  requiredMs: number;
  honoured: boolean;
}

/**
 * Checks, in `entries` (the calls to one deployment), that every call following a 429 with a retry-after came
 * no earlier than that wait, and returns each such pair. Throws VerificationError naming the gap and the wait
 * required when one came too soon, and also when there is nothing to judge (no 429 with a retry-after, or none
 * followed by a call): a test of retry behaviour whose traffic never retried proves nothing.
 *
 * The wait is measured from the 429's arrival: the journal keeps when a request arrived, and a 429 is answered
 * within a millisecond or so of it, well inside the tolerance. Calls are taken in arrival order, so with other
 * traffic on the deployment, `entries` should be one test's (filter by test id).
 *
 * @example
 *   checkRetries(await control.journal({ deployment: 'chat' }), 'deployment "chat"');
 */
export function checkRetries(entries: readonly JournalEntry[], what: string, toleranceMs = DEFAULT_RETRY_TOLERANCE_MS): RetryGap[] {
  const calls = [...entries].sort((a, b) => arrival(a) - arrival(b) || a.id - b.id);
  const gaps: RetryGap[] = [];
  let refusals = 0;
  for (const [index, refusal] of calls.entries()) {
    const requiredMs = refusal.status === 429 ? refusal.limiter?.retryAfterMs : undefined;
    if (requiredMs === undefined) continue;
    refusals++;
    const next = calls[index + 1];
    if (next === undefined) continue;
    const gapMs = arrival(next) - arrival(refusal);
    gaps.push({ refusal, next, gapMs, requiredMs, honoured: gapMs + toleranceMs >= requiredMs });
  }

  const table = `\n${callTable(calls)}`;
  if (refusals === 0) {
    const seen =
      calls.length === 0 ? 'no calls at all' : `${calls.length} ${calls.length === 1 ? 'call' : 'calls'} and no 429 with a retry-after`;
    throw new VerificationError(
      `expected a retry after a 429 for ${what}, but the journal holds ${seen}, so there is no retry to judge${calls.length === 0 ? '' : `:${table}`}`,
    );
  }
  if (gaps.length === 0) {
    throw new VerificationError(
      `expected a retry after a 429 for ${what}, but no call followed the 429, so there is no retry to judge:${table}`,
    );
  }
  const early = gaps.filter((gap) => !gap.honoured);
  if (early.length > 0) {
    const head =
      early.length === 1
        ? `a retry for ${what} came too soon after a 429:`
        : `${early.length} of ${gaps.length} retries for ${what} came too soon after a 429:`;
    const lines = early.map(
      ({ refusal, next, gapMs, requiredMs }) =>
        `  the 429 at ${refusal.time} asked for a wait of ${Math.round(requiredMs)} ms; the next call came at ${next.time}, ${Math.round(gapMs)} ms later (${Math.round(requiredMs - gapMs)} ms too soon)`,
    );
    throw new VerificationError(`${head}\n${lines.join('\n')}${table}`);
  }
  return gaps;
}

function arrival(entry: JournalEntry): number {
  return Date.parse(entry.time);
}
