import type { RequestView } from './types.ts';

/** For tests: a chat request to gpt-4o with the given body, overridable field by field. */
export function chatRequest(body: Record<string, unknown>, overrides: Partial<RequestView> = {}): RequestView {
  return {
    deployment: 'gpt-4o',
    operation: 'chat',
    path: '/openai/deployments/gpt-4o/chat/completions',
    headers: {},
    query: { 'api-version': '2024-10-21' },
    body,
    ...overrides,
  };
}

/** For tests: a Responses API request with the given body. */
export function responsesRequest(body: Record<string, unknown>, overrides: Partial<RequestView> = {}): RequestView {
  return chatRequest(body, { operation: 'responses', path: '/openai/v1/responses', query: {}, ...overrides });
}
