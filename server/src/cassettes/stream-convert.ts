import type { Operation } from '../generated/scenarios.ts';
import { chatBodyToChunks, chatChunksToBody } from './chat-stream.ts';
import { completionsBodyToChunks, completionsChunksToBody } from './completions-stream.ts';
import type { JsonValue, RecordedChunk } from './cassette-types.ts';
import { responsesBodyToChunks, responsesChunksToBody } from './responses-stream.ts';
import { isObject, type JsonObject, type ToChunksOptions } from './stream-pieces.ts';

/** Operations whose answers convert between a body and a stream: the three that stream. */
export const CONVERTIBLE_OPERATIONS: ReadonlySet<Operation> = new Set(['chat', 'completions', 'responses']);

export type { ToChunksOptions };

/**
 * The stream a recorded body would have been sent as, so a recording made unstreamed answers a streamed request.
 * chat is faithful to the service's framing; completions and responses follow their documented event shapes.
 * Embeddings, images and audio do not stream: they throw, as does a body that is not a JSON object.
 */
export function bodyToChunks(operation: Operation, body: JsonValue | undefined, options: ToChunksOptions = {}): RecordedChunk[] {
  const object = requireObject(operation, body);
  if (operation === 'chat') return chatBodyToChunks(object, options);
  if (operation === 'completions') return completionsBodyToChunks(object, options);
  if (operation === 'responses') return responsesBodyToChunks(object, options);
  throw new Error(`${operation} answers do not stream; there is no stream to make of one`);
}

/** The body a recorded stream adds up to, so a streamed recording answers an unstreamed request. */
export function chunksToBody(operation: Operation, chunks: readonly RecordedChunk[]): JsonObject {
  if (operation === 'chat') return chatChunksToBody(chunks);
  if (operation === 'completions') return completionsChunksToBody(chunks);
  if (operation === 'responses') return responsesChunksToBody(chunks);
  throw new Error(`${operation} answers do not stream; there is no body to assemble`);
}

function requireObject(operation: Operation, body: JsonValue | undefined): JsonObject {
  if (!CONVERTIBLE_OPERATIONS.has(operation)) throw new Error(`${operation} answers do not stream; there is no stream to make of one`);
  if (!isObject(body)) throw new Error(`a ${operation} body to stream must be a JSON object`);
  return body;
}
