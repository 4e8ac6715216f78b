/** How one attempt to deliver an event went: the receiver's status, or why there was none. */
export type AttemptResult = { status: number } | { error: string };

/** What follows an attempt: delivered, or failed and retried after `retryInMs`, or failed for good. */
export type AttemptOutcome = { outcome: 'delivered' } | { outcome: 'failed'; retryInMs?: number };

/**
 * What follows attempt number `attempt` (1 for the first): a 2xx answer delivers the event; anything else (another
 * status, a redirect, a timeout, a connection error) fails it, and the next attempt comes after the next delay of
 * `retryDelaysSeconds`, until they run out.
 */
export function afterAttempt(result: AttemptResult, attempt: number, retryDelaysSeconds: readonly number[]): AttemptOutcome {
  if ('status' in result && result.status >= 200 && result.status < 300) return { outcome: 'delivered' };
  const delay = retryDelaysSeconds[attempt - 1];
  return delay === undefined ? { outcome: 'failed' } : { outcome: 'failed', retryInMs: delay * 1000 };
}
