import {
  bodyToChunks,
  chunksToBody,
  CONVERTIBLE_OPERATIONS,
  decodeResponseBody,
  type Interaction,
  type JsonValue,
  type RecordedChunk,
} from '../cassettes/index.ts';
import type { Operation } from '../generated/scenarios.ts';
import type { OperationResult, SseEvent } from '../operations/types.ts';

/** Live headers the simulator sets itself (ids, rate limits): a recording's values would be stale. */
const LIVE =
  /^(x-ratelimit-|retry-after|apim-request-id|x-request-id|x-ms-client-request-id|x-ms-region|azure-openai-deployment-utilization|content-length)/;

/**
 * A recorded answer, shaped for the request: a stream answers a streamed request chunk for chunk (at its recorded
 * timing, unless `timing` says otherwise); a body answers an unstreamed one; and each converts into the other
 * faithfully for chat, completions and the Responses API.
 */
export function replayResult(
  interaction: Interaction,
  operation: Operation,
  wantsStream: boolean,
  includeUsage: boolean,
  timing: 'recorded' | 'latency' | 'none',
): OperationResult {
  const { response } = interaction;
  const convertible = CONVERTIBLE_OPERATIONS.has(operation) && response.status === 200;
  if (response.chunks && (wantsStream || !convertible)) return stream(response.chunks, timing);
  if (response.chunks) return { kind: 'json', body: JSON.stringify(chunksToBody(operation, response.chunks)) };
  if (
    wantsStream &&
    convertible &&
    response.body !== null &&
    typeof response.body === 'object' &&
    !Array.isArray(response.body) &&
    !('base64' in response.body)
  ) {
    return stream(
      bodyToChunks(operation, response.body as JsonValue, {
        includeUsage,
        ...(response.durationMs ? { durationMs: response.durationMs } : {}),
      }),
      timing,
    );
  }
  const { contentType, bytes } = decodeResponseBody(response);
  const headers: Record<string, string> = { 'content-type': contentType };
  for (const [name, value] of Object.entries(response.headers)) if (!LIVE.test(name) && name !== 'content-type') headers[name] = value;
  return { kind: 'raw', status: response.status, headers, body: bytes };
}

function stream(chunks: readonly RecordedChunk[], timing: 'recorded' | 'latency' | 'none'): OperationResult {
  const done = chunks.some((chunk) => chunk.data === '[DONE]');
  const events: SseEvent[] = chunks
    .filter((chunk) => chunk.data !== '[DONE]')
    .map((chunk) => ({
      ...(chunk.event ? { event: chunk.event } : {}),
      data: chunk.data,
      atMs: timing === 'recorded' ? chunk.offsetMs : 0,
      tokens: tokensOf(chunk),
    }));
  return { kind: 'sse', events, done, ...(timing === 'recorded' ? { recordedTiming: true } : {}) };
}

/** About how many tokens a replayed chunk carries, for pacing it by the latency model: its text's words. */
function tokensOf(chunk: RecordedChunk): number {
  const text = /"(?:content|text|delta|arguments)":"((?:[^"\\]|\\.)*)"/.exec(chunk.data)?.[1] ?? '';
  return text === '' ? 0 : Math.max(1, text.split(/\s+/).length);
}
