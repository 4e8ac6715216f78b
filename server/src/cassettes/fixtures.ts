// Builders for the cassette tests: realistic interactions in a line each.
import { chatBodyToChunks } from './chat-stream.ts';
import type { Cassette, Interaction, JsonValue, RecordedRequest } from './cassette-types.ts';

const FILTER = { hate: { filtered: false, severity: 'safe' }, self_harm: { filtered: false, severity: 'safe' } };

/** A chat request body asking `content`. */
export function chatRequest(content: string, extra: Record<string, JsonValue> = {}, deployment = 'gpt-4o'): RecordedRequest {
  return {
    method: 'POST',
    operation: 'chat',
    deployment,
    apiVersion: '2024-10-21',
    body: { messages: [{ role: 'user', content }], ...extra },
  };
}

/** A non-streamed chat completion answering `content`, shaped as the service sends it. */
export function chatCompletion(content: string): Record<string, JsonValue> {
  return {
    choices: [
      {
        content_filter_results: FILTER,
        finish_reason: 'stop',
        index: 0,
        logprobs: null,
        message: { annotations: [], content, refusal: null, role: 'assistant' },
      },
    ],
    created: 1758119573,
    id: 'chatcmpl-CGnVFG8AVBjwC9UPyLDLxehmdOSth',
    model: 'gpt-4o-2024-08-06',
    object: 'chat.completion',
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: FILTER }],
    system_fingerprint: 'fp_9ab7d013ff',
    usage: { completion_tokens: 3, prompt_tokens: 9, total_tokens: 12 },
  };
}

/** An interaction answering `request` with `answer`, streamed when `stream` is set. */
export function chatInteraction(request: RecordedRequest, answer: string, stream = false): Interaction {
  const body = chatCompletion(answer);
  return {
    recordedAt: '2025-09-17T14:32:53.120Z',
    request: stream ? { ...request, stream: true, body: { ...request.body, stream: true } } : request,
    response: stream
      ? { status: 200, headers: { 'content-type': 'text/event-stream' }, chunks: chatBodyToChunks(body, { durationMs: 400 }) }
      : { status: 200, headers: { 'content-type': 'application/json', 'x-ms-region': 'East US' }, durationMs: 420, body },
  };
}

/** A cassette of `interactions`. */
export function cassette(interactions: Interaction[], name = 'session'): Cassette {
  return { version: 1, name, interactions };
}
