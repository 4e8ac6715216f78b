import test from 'ava';
import { checkRetries } from './retry-check.ts';
import type { JournalEntry } from './types.ts';
import { VerificationError } from './verification-error.ts';

const START = Date.UTC(2025, 0, 31, 9, 0, 0);

/** A call arriving `atMs` after START; a 429 with `retryAfterMs` when given. */
function call(id: number, atMs: number, retryAfterMs?: number): JournalEntry {
  const refused = retryAfterMs !== undefined;
  return {
    id,
    time: new Date(START + atMs).toISOString(),
    requestId: `r${id}`,
    method: 'POST',
    path: '/openai/deployments/chat/chat/completions',
    deployment: 'chat',
    operation: 'chat',
    stream: false,
    status: refused ? 429 : 200,
    request: { headers: {} },
    response: {},
    ...(refused ? { limiter: { decision: 'refused' as const, limit: 'call' as const, retryAfterMs } } : {}),
    latency: { totalMs: 1 },
  };
}

test('a retry that waited the retry-after is honoured', (t) => {
  const gaps = checkRetries([call(1, 0), call(2, 10, 990), call(3, 1001)], 'deployment "chat"');
  t.is(gaps.length, 1);
  t.like(gaps[0], { gapMs: 991, requiredMs: 990, honoured: true });
});

test('a retry a few ms early is within the tolerance, one further off is not', (t) => {
  t.true(checkRetries([call(1, 0, 500), call(2, 496)], 'x')[0]?.honoured);
  t.throws(() => checkRetries([call(1, 0, 500), call(2, 496)], 'x', 0), { instanceOf: VerificationError });
});

test('an immediate retry fails, naming the gap, the wait required and the calls', (t) => {
  const error = t.throws(() => checkRetries([call(1, 0), call(2, 3, 997.4), call(3, 5, 995)], 'deployment "chat"'), {
    instanceOf: VerificationError,
  });
  const lines = error.message.split('\n');
  t.is(lines[0], 'a retry for deployment "chat" came too soon after a 429:');
  t.is(
    lines[1],
    '  the 429 at 2025-01-31T09:00:00.003Z asked for a wait of 997 ms; the next call came at 2025-01-31T09:00:00.005Z, 2 ms later (995 ms too soon)',
  );
  t.regex(lines[2] ?? '', /time +deployment +operation +status +tokens +note/);
  t.is(lines.length, 6, 'a row per call');
});

test('several early retries are each listed', (t) => {
  const error = t.throws(() => checkRetries([call(1, 0, 100), call(2, 1, 99), call(3, 2, 98), call(4, 200)], 'x'));
  t.regex(error?.message ?? '', /^2 of 3 retries for x came too soon after a 429:/);
});

test('calls are judged in arrival order, not journal order', (t) => {
  // the journal numbers a request when its answer ends, so a slow first call can have the higher id
  const gaps = checkRetries([call(2, 1000), call(1, 0, 900)], 'x');
  t.like(gaps[0], { gapMs: 1000, honoured: true });
});

test('no 429, or no call after one, is a failure: nothing shows a retry was honoured', (t) => {
  t.regex(t.throws(() => checkRetries([], 'x'))?.message ?? '', /journal holds no calls at all/);
  t.regex(t.throws(() => checkRetries([call(1, 0)], 'x'))?.message ?? '', /1 call and no 429 with a retry-after/);
  t.regex(t.throws(() => checkRetries([call(1, 0), call(2, 1, 500)], 'x'))?.message ?? '', /no call followed the 429/);
});
