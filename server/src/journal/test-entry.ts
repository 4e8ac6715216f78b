import type { JournalInput } from './journal-types.ts';

/** The epoch ms of the first test entry; each further one is a second later. */
export const T0 = Date.parse('2025-06-01T12:00:00.000Z');

/** A plausible chat request entry for tests, the `n`th of a run (its time is T0 + n seconds), with `overrides`. */
export function testEntry(n: number, overrides: Partial<JournalInput> = {}): JournalInput {
  return {
    time: new Date(T0 + n * 1000).toISOString(),
    requestId: `req-${n}`,
    method: 'POST',
    path: '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    deployment: 'gpt-4o',
    operation: 'chat',
    apiVersion: '2024-10-21',
    stream: false,
    status: 200,
    request: { headers: { 'content-type': 'application/json' }, body: { messages: [{ role: 'user', content: `hello ${n}` }] } },
    response: { body: `{"id":"chatcmpl-${n}"}` },
    tokens: { prompt: 9, completion: 12 },
    limiter: { decision: 'unlimited' },
    latency: { ttftMs: 120, totalMs: 480 },
    ...overrides,
  };
}
