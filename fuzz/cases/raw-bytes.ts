// The bytes of raw requests, and what a raw case plans to send.
import type { Target } from '../oracle/expectation.ts';
import type { RawRequest } from '../send/raw-exchange.ts';

export const CHAT_PATH = '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21';
export const CHAT_BODY = Buffer.from('{"messages":[{"role":"user","content":"hello"}]}');
export const CHAT: Target = { kind: 'operation', operation: 'chat' };

/** A byte-level case: what to send, what it aims at, and the headers the oracle reads its credentials from. */
export interface RawPlan {
  name: string;
  request: RawRequest;
  target: Target;
  /** Pipelined requests: the target of each answer in turn. */
  targets?: Target[];
  method: string;
  headers: Record<string, string>;
}

/** A request's bytes: request line, headers as given (names and values untouched), blank line, body. */
export function bytesOf(
  method: string,
  target: string,
  headers: Array<[string, string]>,
  body: Buffer = Buffer.alloc(0),
  version = 'HTTP/1.1',
): Buffer {
  const head = [`${method} ${target} ${version}`, ...headers.map(([name, value]) => `${name}: ${value}`)].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]);
}

/** One request, sent at once; its answer awaited for `waitMs`. */
export function once(bytes: Buffer, waitMs = 2_000, after: RawRequest['after'] = 'keep-open'): RawRequest {
  return { parts: [bytes], after, waitMs, answers: 1 };
}
