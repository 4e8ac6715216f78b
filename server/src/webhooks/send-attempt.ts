import type { AttemptResult } from './delivery-decision.ts';

/** What the service sends as its user agent with each delivery. */
export const WEBHOOK_USER_AGENT = 'OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)';

/**
 * POSTs one delivery and tells how it went. The receiver's body is never read (a huge or endless one costs
 * nothing), a redirect is not followed (the service counts it a failure), and an answer slower than `timeoutMs`
 * fails the attempt. Never throws: whatever the receiver does is an AttemptResult.
 */
export async function sendAttempt(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<AttemptResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': WEBHOOK_USER_AGENT, ...headers },
      body,
      redirect: 'manual',
      // real time: the receiver answers on the network's clock, not the job clock
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    return { status: response.status };
  } catch (error) {
    return { error: describe(error) };
  }
}

/** Why an attempt got no answer, in a few words: `timeout`, `ECONNREFUSED`, `ECONNRESET`… */
function describe(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'timeout';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
