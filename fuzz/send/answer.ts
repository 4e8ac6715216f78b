// What came back for one request, however it was sent.

/** Bytes of an answer's body kept for checking; past this only secrets are looked for. */
export const BODY_KEPT_BYTES = 16 * 1024 * 1024;

export type Outcome =
  /** A whole HTTP answer. */
  | 'answered'
  /** The connection closed (or was reset) before a whole answer. */
  | 'closed'
  /** The harness stopped waiting (its own bound, not the server's). */
  | 'gave-up'
  /** The harness went away on purpose, mid-answer (a client disconnecting mid-stream). */
  | 'left';

export interface Answer {
  outcome: Outcome;
  /** 0 when there was no status line. */
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The body's whole size, also past BODY_KEPT_BYTES. */
  bodyBytes: number;
  truncated: boolean;
  /** The names of the planted secrets seen anywhere in the answer (status line, headers, body). */
  secretsSeen: string[];
  startedMs: number;
  endedMs: number;
  /** A transport error's message, when there was one. */
  error?: string;
}

/** A request as the report shows it, enough to send it again by hand. */
export interface SentRequest {
  method: string;
  target: string;
  headers: Record<string, string | string[]>;
  /** The start of the body, or of a byte-level case's bytes. */
  bytes?: Buffer;
  /** The whole body's size. */
  bodyLength?: number;
  /** How the bytes were sent when it matters (slow parts, truncation, half-close). */
  note?: string;
}
