// The shapes of schema/cassette.schema.json. Written by hand because scripts/generate.ts only derives types from
// the scenarios schema; cassette-schema.test.ts keeps the two in step on the points the compiler cannot see.
import type { Operation } from '../generated/scenarios.ts';

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An uploaded file, recorded by digest: the content itself is never stored. */
export interface RecordedFile {
  filename: string;
  /** SHA-256 of the content, hex. */
  sha256: string;
  size: number;
  contentType?: string;
}

/** A request as the simulator matches it. */
export interface RecordedRequest {
  method: string;
  operation: Operation;
  deployment: string;
  /** Null on a v1 route without one. */
  apiVersion: string | null;
  /** The JSON body, or a multipart form's fields with files as {@link RecordedFile}. */
  body: Record<string, JsonValue>;
  stream?: boolean;
}

/** A binary answer (speech audio, for example). */
export interface BinaryBody {
  base64: string;
  contentType: string;
}

/** One server-sent event of a recorded stream. */
export interface RecordedChunk {
  /** Milliseconds from sending the request to receiving the event. */
  offsetMs: number;
  /** The `event:` name, when the stream names its events (the Responses API). */
  event?: string;
  /** The `data:` payload, as sent. */
  data: string;
}

/** An answer: status, the headers that matter, and a body or a stream's events (never both). */
export interface RecordedResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Milliseconds from sending the request to the whole body having arrived. */
  durationMs?: number;
  /** JSON when the answer was JSON, a string when it was text, {@link BinaryBody} when binary. */
  body?: JsonValue | BinaryBody;
  chunks?: RecordedChunk[];
}

/** One request and the answer it got. */
export interface Interaction {
  /** ISO 8601. */
  recordedAt: string;
  request: RecordedRequest;
  response: RecordedResponse;
}

/** The current cassette format version. */
export const CASSETTE_VERSION = 1;

/** One named session's interactions: what one cassette file holds. */
export interface Cassette {
  $schema?: string;
  version: typeof CASSETTE_VERSION;
  name: string;
  description?: string;
  interactions: Interaction[];
}

/** Where an interaction was read from: for near-miss reports and error messages. */
export interface InteractionSource {
  file: string;
  /** Its position in the file's `interactions`. */
  index: number;
}
