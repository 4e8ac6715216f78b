import type { Operation } from '../generated/scenarios.ts';

/** One request under /openai/ as the journal keeps it: every operation, and every request refused, at any stage. */
export interface JournalEntry {
  /** A sequence number, increasing by one per recorded request and never reused (not even after a clear). */
  id: number;
  /** When the request arrived, ISO 8601. */
  time: string;
  requestId: string;
  method: string;
  path: string;
  deployment?: string;
  /** The resource the request reached (`default`: the simulator's own) and its region. */
  resource?: string;
  region?: string;
  operation?: Operation;
  apiVersion?: string;
  testId?: string;
  stream: boolean;
  status: number;
  /**
   * Header names are lower-cased and credential headers (api-key, authorization, cookie…) hold `REDACTED`.
   * A body past the per-entry cap becomes the start of its JSON text, a string, with `bodyTruncated`.
   */
  request: { headers: Record<string, string>; body?: unknown; bodyTruncated?: boolean };
  /** `bytes` is the size of the whole answer, truncated or not. */
  response: { body?: string; bodyTruncated?: boolean; bytes?: number };
  tokens?: { prompt: number; completion: number; estimate?: number };
  limiter?: { decision: 'admitted' | 'refused' | 'unlimited'; limit?: 'token' | 'call'; retryAfterMs?: number };
  /** The scenario rule that answered, the cassette replayed, the fault injected, by name. */
  rule?: string;
  cassette?: string;
  fault?: string;
  /**
   * A failed request's error, by the code its body gives (`DeploymentNotFound`, `401`, `OperationNotSupported`,
   * `context_length_exceeded`), else its `type`, else the status. Absent when the request succeeded.
   */
  errorCode?: string;
  latency: { ttftMs?: number; totalMs: number };
  /** A batch line's: the batch it belongs to and its custom_id. Absent for a request that came over HTTP. */
  batch?: { id: string; customId: string };
  /** With a shared store (server.state), the replica that served it: ids count per replica. */
  replica?: string;
}

/** An entry without its headers, bodies and request id: what the dashboard's feed shows of each request. */
export type JournalSummary = Pick<JournalEntry, 'id' | 'time' | 'method' | 'path' | 'stream' | 'status' | 'latency'> &
  Partial<
    Pick<
      JournalEntry,
      'deployment' | 'resource' | 'operation' | 'testId' | 'tokens' | 'limiter' | 'rule' | 'cassette' | 'fault' | 'errorCode'
    >
  >;

/** What `record` takes: an entry before the journal numbers it. */
export type JournalInput = Omit<JournalEntry, 'id' | 'request' | 'time'> & {
  /** ISO 8601, or epoch ms, which the entry shows as ISO 8601 (formatted only when someone asks for it). */
  time: string | number;
  /** The request's headers as Node has them (redacted and copied when recorded). */
  request: Omit<JournalEntry['request'], 'headers'> & {
    headers: Readonly<Record<string, string | readonly string[] | undefined>>;
    /** The body as the JSON text it arrived as, kept instead of writing `body` out again; takes the place of `body`. */
    bodyJson?: string;
  };
  /** As in an entry; when `body` is given, `bytes` must be its UTF-8 size (it is not measured again). */
  response: JournalEntry['response'];
};

/** Which entries a query or count selects; every given field must match. */
export interface JournalFilter {
  deployment?: string;
  /** The resource's name (`default`: the simulator's own), or its region. */
  resource?: string;
  region?: string;
  operation?: Operation;
  /** A status, or an inclusive range of them (`{ gte: 400 }`: every error). */
  status?: number | { gte?: number; lte?: number };
  /** The value the app sent in the test-id header (`x-sim-test-id` unless server.testIdHeader says otherwise). */
  testId?: string;
  rule?: string;
  /** Entries at or after this instant: ISO 8601 with a time zone, or epoch milliseconds. */
  since?: string;
  /** Entries before this instant (exclusive, so that adjacent windows do not overlap); as `since`. */
  until?: string;
  /** At most this many entries: the newest that match. */
  limit?: number;
  stream?: boolean;
}

/** The journal's bounds. 0 for either of `maxEntries` and `maxBytes` turns the journal off. */
export interface JournalOptions {
  maxEntries: number;
  /** The approximate bytes all kept entries may take, bodies and per-entry overhead together. */
  maxBytes: number;
  /** The most bytes of each body (request and response alike) kept in an entry; 16 KiB when absent. */
  maxBodyBytes?: number;
}

/** How full the journal is, and how many entries its bounds pushed out. */
export interface JournalStats {
  entries: number;
  bytes: number;
  dropped: number;
  maxEntries: number;
  maxBytes: number;
}
