// What crafted cases send most: a chat request with the harness's valid key.
import type { Answer } from '../send/answer.ts';
import type { CaseContext, FuzzCase } from './case.ts';
import { writeJson } from './raw-json.ts';

/** A crafted case before it gets its id (`configuration:crafted-name`). */
export type Crafted = Omit<FuzzCase, 'id'> & { name: string };

export const CHAT = '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21';

/** A chat request with the valid key, maybe a test id; `allow500` when the scenarios answer it with a 500 on purpose. */
export function chat(context: CaseContext, body: unknown, extra: { testId?: string; allow500?: boolean } = {}): Promise<Answer> {
  const payload = writeJson(body);
  return context.http(
    {
      method: 'POST',
      target: CHAT,
      headers: {
        'api-key': context.env.apiKey,
        'content-type': 'application/json',
        ...(extra.testId ? { 'x-sim-test-id': extra.testId } : {}),
      },
      body: payload,
    },
    { target: { kind: 'operation', operation: 'chat' }, ...(extra.allow500 ? { allow500: true } : {}) },
  );
}

/** A body with one user message. */
export const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });
