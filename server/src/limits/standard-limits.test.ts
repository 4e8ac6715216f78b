import test from 'ava';
import type { RateLimit } from '../generated/scenarios.ts';
import { derivedRpm, InMemoryLimiterStore, NEVER_FITS_MS, RateLimiter, rateLimitedError, type LimitDecision } from './index.ts';
import { limitedDeployment } from '../test-support/limit-deployment.ts';

const T0 = 1_000_000_007; // not on a minute boundary: sliding windows must not care
const MINUTE = 60_000;
const T_MINUTE = 28_000 * MINUTE; // on a minute boundary, for per-minute windows

function limiter(rateLimit: RateLimit) {
  const rateLimiter = new RateLimiter(new InMemoryLimiterStore(), () => {
    throw new Error('these tests pass the time with every request');
  });
  const deployment = limitedDeployment(rateLimit);
  return {
    admit: (estimate: number, now: number) => rateLimiter.admit({ deployment, estimate, now }),
    snapshot: (now: number) => rateLimiter.snapshot(deployment, now),
  };
}

function refused(t: import('ava').ExecutionContext, decision: LimitDecision, limit: 'token' | 'call', retryAfterMs: number): void {
  t.false(decision.admitted, 'expected a 429');
  if (decision.admitted) return;
  t.is(decision.limit, limit);
  t.is(decision.retryAfterMs, retryAfterMs);
}

function admitted(t: import('ava').ExecutionContext, decision: LimitDecision, headers?: Record<string, string>): void {
  t.true(decision.admitted, decision.admitted ? '' : `refused: ${decision.limit}, retry after ${decision.retryAfterMs} ms`);
  if (headers) t.deepEqual(decision.headers, headers);
}

const tokenHeaders = (remainingRequests: number, remainingTokens: number, rpm = 600, tpm = 1000) => ({
  'x-ratelimit-limit-requests': String(rpm),
  'x-ratelimit-remaining-requests': String(remainingRequests),
  'x-ratelimit-limit-tokens': String(tpm),
  'x-ratelimit-remaining-tokens': String(remainingTokens),
});

test('sliding TPM: admitted while the 60 s window has room; a refusal waits exactly until enough old admissions slide out', async (t) => {
  const { admit, snapshot } = limiter({ tpm: 1000, rpm: 600 });
  admitted(t, await admit(400, T0), tokenHeaders(599, 600));
  admitted(t, await admit(400, T0 + 10_000), tokenHeaders(598, 200));
  const refusal = await admit(300, T0 + 20_000);
  refused(t, refusal, 'token', 40_000); // the first 400 leaves at T0 + 60 s
  t.deepEqual(refusal.headers, tokenHeaders(598, 200), 'a 429 reports the windows without the refused request');
  admitted(t, await admit(200, T0 + 20_000), tokenHeaders(597, 0)); // the refusal consumed nothing
  refused(t, await admit(300, T0 + 30_000), 'token', 30_000);
  refused(t, await admit(300, T0 + 59_999), 'token', 1);
  admitted(t, await admit(300, T0 + MINUTE), tokenHeaders(597, 100)); // the window is (now − 60 s, now]
  // 900 in the window: 500 more must shed the 400 of T0 + 10 s; 800 more must shed three admissions.
  refused(t, await admit(500, T0 + MINUTE), 'token', 10_000);
  refused(t, await admit(800, T0 + MINUTE), 'token', 60_000);
  t.like(await snapshot(T0 + MINUTE), { mode: 'standard', window: 'sliding', tokens: { limit: 1000, used: 900, remaining: 100 } });
  t.like(await snapshot(T0 + 2 * MINUTE), { tokens: { used: 0, remaining: 1000 }, requests: { used: 0, remaining: 600 } });
});

test('a request estimated above the whole TPM is refused for 86 400 s and consumes nothing', async (t) => {
  const { admit, snapshot } = limiter({ tpm: 1000 });
  const refusal = await admit(1001, T0);
  refused(t, refusal, 'token', NEVER_FITS_MS);
  t.is(NEVER_FITS_MS, 86_400_000);
  t.like(await snapshot(T0), { tokens: { used: 0 }, requests: { used: 0 } });
  admitted(t, await admit(1000, T0), tokenHeaders(5, 0, 6)); // exactly the TPM fits; 6 RPM per 1,000 TPM
  if (refusal.admitted) return;
  const error = rateLimitedError(refusal, 'chat', '2024-10-21');
  t.regex(JSON.parse(error.body).error.message, /exceeded token rate limit .* Please retry after 86400 seconds\./);
  t.is(error.headers['retry-after'], '86400');
});

test('1 s burst window: 600 RPM admits 10 in any second; the 11th waits until the first leaves that second', async (t) => {
  const { admit } = limiter({ tpm: 1_000_000, rpm: 600, burstWindow: '1s' });
  for (let i = 0; i < 10; i++) admitted(t, await admit(1, T0 + i * 100));
  refused(t, await admit(1, T0 + 950), 'call', 50);
  admitted(t, await admit(1, T0 + 1000), tokenHeaders(589, 1_000_000 - 11, 600, 1_000_000));
  refused(t, await admit(1, T0 + 1000), 'call', 100); // now the one of T0 + 100 ms must leave
  refused(t, await admit(1, T0 + 1099), 'call', 1);
  admitted(t, await admit(1, T0 + 1100));
});

test('10 s burst window (the default): 600 RPM admits 100 in any 10 s, however bunched within them', async (t) => {
  const { admit } = limiter({ tpm: 1_000_000, rpm: 600 });
  for (let i = 0; i < 100; i++) admitted(t, await admit(1, T0 + i * 50)); // 20 a second: over 10/s, under 100/10 s
  refused(t, await admit(1, T0 + 5000), 'call', 5000);
  admitted(t, await admit(1, T0 + 10_000));
  refused(t, await admit(1, T0 + 10_000), 'call', 50);
});

test('RPM over the 60 s window: 6 RPM, 1 a second, the 7th in the minute waits for the first to leave the minute', async (t) => {
  const { admit } = limiter({ tpm: 1000, burstWindow: '1s' });
  admitted(t, await admit(1, T0));
  refused(t, await admit(1, T0), 'call', 1000); // ceil(6 × 1 s / 60 s) = 1 a second
  for (let i = 1; i < 6; i++) admitted(t, await admit(1, T0 + i * 1000));
  const refusal = await admit(1, T0 + 6000);
  refused(t, refusal, 'call', MINUTE - 6000);
  t.is(refusal.headers['x-ratelimit-remaining-requests'], '0');
  admitted(t, await admit(1, T0 + MINUTE));
});

test('RPM derived from TPM as the service does, at least 1', (t) => {
  t.is(derivedRpm(30_000, 6), 180);
  t.is(derivedRpm(1000, 6), 6);
  t.is(derivedRpm(6000, 1 / 6), 1);
  t.is(derivedRpm(60_000, 1 / 6), 10);
  t.is(derivedRpm(70_000, 0.1), 7);
  t.is(derivedRpm(1000, 0.1), 1);
});

test('per-minute windows: counts reset at the wall-clock minute, and a refusal waits for it', async (t) => {
  const { admit, snapshot } = limiter({ tpm: 1000, rpm: 600, window: 'per-minute' });
  admitted(t, await admit(600, T_MINUTE + 50_000));
  admitted(t, await admit(400, T_MINUTE + 55_000), tokenHeaders(598, 0));
  refused(t, await admit(100, T_MINUTE + 59_000), 'token', 1000);
  t.like(await snapshot(T_MINUTE + 59_999), { window: 'per-minute', tokens: { used: 1000 } });
  admitted(t, await admit(100, T_MINUTE + MINUTE), tokenHeaders(599, 900)); // a sliding window would refuse it
  admitted(t, await admit(900, T_MINUTE + MINUTE + 1));
  refused(t, await admit(1, T_MINUTE + MINUTE + 30_000), 'token', 30_000);
});

test('per-minute RPM, with the burst window still sliding', async (t) => {
  const { admit } = limiter({ rpm: 2, burstWindow: '1s', window: 'per-minute' });
  admitted(t, await admit(5, T_MINUTE + 58_000), { 'x-ratelimit-limit-requests': '2', 'x-ratelimit-remaining-requests': '1' });
  admitted(t, await admit(5, T_MINUTE + 59_000));
  refused(t, await admit(5, T_MINUTE + 59_500), 'call', 500);
  admitted(t, await admit(5, T_MINUTE + MINUTE)); // sliding, the minute window would still hold 2
  refused(t, await admit(5, T_MINUTE + MINUTE + 500), 'call', 500); // 1 per sliding second
  admitted(t, await admit(5, T_MINUTE + MINUTE + 1000));
  refused(t, await admit(5, T_MINUTE + MINUTE + 2000), 'call', MINUTE - 2000);
});

test('both limits exceeded: the longer wait is the retry-after, and its limit is the one named', async (t) => {
  const { admit } = limiter({ tpm: 1000, rpm: 600 }); // 100 requests per 10 s
  admitted(t, await admit(900, T0));
  for (let i = 0; i < 100; i++) admitted(t, await admit(1, T0 + 59_000));
  // Tokens: 1001 over 1000, fine once the 900 leaves in 500 ms. Calls: 100 in the last 10 s, fine in 9.5 s.
  refused(t, await admit(1, T0 + 59_500), 'call', 9500);

  const other = limiter({ tpm: 1000, rpm: 600, burstWindow: '1s' });
  for (let i = 0; i < 10; i++) admitted(t, await other.admit(100, T0));
  // Calls: 10 in the last second, fine in 500 ms. Tokens: full until T0 + 60 s.
  refused(t, await other.admit(100, T0 + 500), 'token', MINUTE - 500);
});

test('a clock that steps back is read as the latest time seen, so the log stays in order', async (t) => {
  const { admit } = limiter({ tpm: 1000, rpm: 600 });
  admitted(t, await admit(600, T0 + 1000));
  refused(t, await admit(600, T0), 'token', MINUTE); // judged at T0 + 1 s
  admitted(t, await admit(400, T0 + 500));
  refused(t, await admit(1, T0 + 1000), 'token', MINUTE);
});

test('429 headers: the retry headers of serviceErrors.rateLimited with the limit and remaining headers', async (t) => {
  const { admit } = limiter({ tpm: 1000, rpm: 600 });
  await admit(800, T0);
  const refusal = await admit(300, T0 + 12_345);
  refused(t, refusal, 'token', 47_655);
  if (refusal.admitted) return;
  const error = rateLimitedError(refusal, 'chat', '2024-10-21');
  t.is(error.status, 429);
  t.deepEqual(error.headers, {
    ...tokenHeaders(599, 200),
    'retry-after': '48',
    'retry-after-ms': '47655',
    'x-ratelimit-reset-tokens': '48',
  });
  t.is(
    JSON.parse(error.body).error.message,
    'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 48 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.',
  );

  const calls = limiter({ rpm: 1 });
  admitted(t, await calls.admit(1, T0), { 'x-ratelimit-limit-requests': '1', 'x-ratelimit-remaining-requests': '0' });
  const callRefusal = await calls.admit(1, T0);
  refused(t, callRefusal, 'call', MINUTE);
  if (callRefusal.admitted) return;
  const callError = rateLimitedError(callRefusal, 'embeddings', undefined);
  t.deepEqual(callError.headers, {
    'x-ratelimit-limit-requests': '1',
    'x-ratelimit-remaining-requests': '0',
    'retry-after': '60',
    'retry-after-ms': '60000',
    'x-ratelimit-reset-requests': '60',
  });
  t.regex(
    JSON.parse(callError.body).error.message,
    /^Requests to the Embeddings_Create Operation under Azure OpenAI API version v1 have exceeded call rate limit/,
  );
});
