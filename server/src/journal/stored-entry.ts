import type { BodyCapper } from './cap-body.ts';
import type { JournalEntry, JournalInput } from './journal-types.ts';
import { redactHeaders, redactPath } from './redact.ts';

/**
 * What an entry costs beyond its strings' UTF-8 bytes: the entry object and the small ones inside it, string
 * headers, the ring slot. bench/journal-memory.ts measures about 600 B; 1 KiB keeps the count on the high side,
 * so that `maxBytes` bounds the heap the journal holds and not only its bodies (entries with 2 KB and 1 KB
 * bodies measure 0.94 of what is counted for them).
 */
export const ENTRY_OVERHEAD_BYTES = 1024;

/** An entry as the ring holds it: never handed out (see materialize), with the request body as JSON text, and what it costs. */
export interface StoredEntry {
  /** Without `request.body`, which is in `requestJson`. */
  readonly entry: JournalEntry;
  /**
   * The request body's JSON, or its first bytes when truncated. Text, not the parsed value: a parsed body
   * costs several times its JSON in heap, and would be the caller's object, which it may still change.
   */
  readonly requestJson: string | undefined;
  /** `requestJson` was cut short, so it is not JSON any more and is handed out as the text it is. */
  readonly requestJsonCut: boolean;
  /** `entry.time` as epoch ms, for time filters; NaN when it does not parse, so no time filter matches it. */
  readonly timeMs: number;
  /** The approximate heap the entry holds: its strings' UTF-8 bytes plus ENTRY_OVERHEAD_BYTES. */
  readonly bytes: number;
}

/**
 * The entry to keep for `input`: credentials redacted, bodies capped by `capper` (or dropped, marked truncated,
 * when it is undefined), and only the fields a JournalEntry has, copied, so that nothing else the caller
 * passed (a request context, a limiter's state) is kept alive by the journal.
 */
export function storeEntry(input: JournalInput, id: number, capper: BodyCapper | undefined): StoredEntry {
  const headers = redactHeaders(input.request.headers);
  const { bodyJson } = input.request;
  const requestBody = bodyJson === undefined ? capper?.json(input.request.body) : capper?.text(bodyJson);
  const requestTruncated =
    input.request.bodyTruncated === true ||
    requestBody?.truncated === true ||
    (!capper && (input.request.body !== undefined || bodyJson !== undefined));
  const responseBody = input.response.body === undefined ? undefined : capper?.text(input.response.body);
  const responseTruncated =
    input.response.bodyTruncated === true || responseBody?.truncated === true || (!capper && input.response.body !== undefined);
  const responseBytes = input.response.bytes ?? (input.response.body === undefined ? undefined : Buffer.byteLength(input.response.body));
  const { tokens, limiter, latency } = input;

  const entry: JournalEntry = {
    id,
    time: input.time,
    requestId: input.requestId,
    method: input.method,
    path: redactPath(input.path),
    ...(input.deployment === undefined ? {} : { deployment: input.deployment }),
    ...(input.operation === undefined ? {} : { operation: input.operation }),
    ...(input.apiVersion === undefined ? {} : { apiVersion: input.apiVersion }),
    ...(input.testId === undefined ? {} : { testId: input.testId }),
    stream: input.stream,
    status: input.status,
    request: { headers, ...(requestTruncated ? { bodyTruncated: true } : {}) },
    response: {
      ...(responseBody === undefined ? {} : { body: responseBody.text }),
      ...(responseTruncated ? { bodyTruncated: true } : {}),
      ...(responseBytes === undefined ? {} : { bytes: responseBytes }),
    },
    ...(tokens === undefined
      ? {}
      : {
          tokens: {
            prompt: tokens.prompt,
            completion: tokens.completion,
            ...(tokens.estimate === undefined ? {} : { estimate: tokens.estimate }),
          },
        }),
    ...(limiter === undefined
      ? {}
      : {
          limiter: {
            decision: limiter.decision,
            ...(limiter.limit === undefined ? {} : { limit: limiter.limit }),
            ...(limiter.retryAfterMs === undefined ? {} : { retryAfterMs: limiter.retryAfterMs }),
          },
        }),
    ...(input.rule === undefined ? {} : { rule: input.rule }),
    ...(input.cassette === undefined ? {} : { cassette: input.cassette }),
    ...(input.fault === undefined ? {} : { fault: input.fault }),
    latency: { ...(latency.ttftMs === undefined ? {} : { ttftMs: latency.ttftMs }), totalMs: latency.totalMs },
  };

  let bytes = ENTRY_OVERHEAD_BYTES + (requestBody?.keptBytes ?? 0) + (responseBody?.keptBytes ?? 0);
  for (const text of [
    entry.time,
    entry.requestId,
    entry.method,
    entry.path,
    entry.deployment,
    entry.apiVersion,
    entry.testId,
    entry.rule,
    entry.cassette,
    entry.fault,
  ]) {
    if (text !== undefined) bytes += Buffer.byteLength(text);
  }
  for (const [name, value] of Object.entries(headers)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);

  return { entry, requestJson: requestBody?.text, requestJsonCut: requestBody?.truncated === true, timeMs: Date.parse(input.time), bytes };
}

/**
 * The entry as callers see it: a copy down to the bodies, so that changing it changes nothing in the journal.
 * (Copying beats freezing: Object.freeze cost more than the rest of `record` put together.) A truncated request
 * body is the start of its JSON text, a string.
 */
export function materialize(stored: StoredEntry): JournalEntry {
  const { entry, requestJson, requestJsonCut } = stored;
  const { request, response, tokens, limiter, latency } = entry;
  const body: unknown = requestJson === undefined || requestJsonCut ? requestJson : JSON.parse(requestJson);
  return {
    ...entry,
    request: {
      headers: { ...request.headers },
      ...(requestJson === undefined ? {} : { body }),
      ...(request.bodyTruncated ? { bodyTruncated: true } : {}),
    },
    response: { ...response },
    ...(tokens === undefined ? {} : { tokens: { ...tokens } }),
    ...(limiter === undefined ? {} : { limiter: { ...limiter } }),
    latency: { ...latency },
  };
}
