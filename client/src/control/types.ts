/*
 * What the control API (/__sim/) sends and answers, as the client sees it on the wire.
 *
 * These mirror server types that aoai-sim's entry point does not export, so a change to them must be made here
 * too: JournalEntry, JournalFilter and JournalStats from server/src/journal/journal-types.ts, LimitSnapshot and
 * QuotaUse from server/src/limits/limit-snapshot.ts, the GET /config body from server/src/control/control-router.ts
 * (with ResolvedServer and ResolvedDeployment from server/src/config/resolve-config.ts and ReloadStatus from
 * server/src/sim-state.ts), and the armed fault from server/src/faults/fault-injector.ts.
 */
import type { ConfigIssue, FaultAction, LatencyProfile, Match, Operation, RateLimit, Scenarios, ServerSettings } from 'aoai-sim';

/** One data-plane request as the journal keeps it. */
export interface JournalEntry {
  /** A sequence number, increasing by one per recorded request and never reused (not even after a clear). */
  id: number;
  /** When the request arrived, ISO 8601. */
  time: string;
  requestId: string;
  method: string;
  path: string;
  deployment?: string;
  operation?: Operation;
  apiVersion?: string;
  testId?: string;
  stream: boolean;
  /** 0 when the client went away before any answer was sent. */
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
  latency: { ttftMs?: number; totalMs: number };
}

/**
 * Which journal entries a query or count selects; every given field must match. The server's filter, except
 * that `since` and `until` also take a Date or epoch milliseconds, which the client sends as the server expects.
 */
export interface JournalFilter {
  deployment?: string;
  operation?: Operation;
  /** A status, or an inclusive range of them (`{ gte: 400 }`: every error). */
  status?: number | { gte?: number; lte?: number };
  /** The value the app sent in the test-id header (`x-sim-test-id` unless server.testIdHeader says otherwise). */
  testId?: string;
  rule?: string;
  /** Entries at or after this instant: ISO 8601 with a time zone, epoch milliseconds, or a Date. */
  since?: string | number | Date;
  /** Entries before this instant (exclusive); as `since`. */
  until?: string | number | Date;
  /** At most this many entries: the newest that match. */
  limit?: number;
  stream?: boolean;
}

/** How full the journal is, and how many entries its bounds pushed out. */
export interface JournalStats {
  entries: number;
  bytes: number;
  dropped: number;
  maxEntries: number;
  maxBytes: number;
}

/** One window's quota as it stands. */
export interface QuotaUse {
  limit: number;
  used: number;
  remaining: number;
}

/**
 * A deployment's limits as they stand. Counts are those the next request would be judged against, without it.
 * Unset parts do not apply to the deployment.
 */
export interface LimitSnapshot {
  deployment: string;
  /** unlimited: no rate limit; standard: TPM and RPM windows; provisioned: the PTU bucket (and an RPM if set). */
  mode: 'unlimited' | 'standard' | 'provisioned';
  /** How the 60 s counts are kept, when there are any. */
  window?: 'sliding' | 'per-minute';
  /** Standard: tokens charged in the 60 s window against the TPM. Provisioned: the tokens in the bucket against its size. */
  tokens?: QuotaUse;
  /** Requests in the 60 s window against the RPM, and in the sliding burst window against its share. */
  requests?: QuotaUse & { burst: QuotaUse & { windowMs: number } };
  /** Provisioned: the bucket's level in percent of its size, one decimal, rounded down. */
  utilization?: number;
}

/** One problem the server found in scenarios it was sent; `text` is the ready-to-read form. */
export interface ControlIssue extends ConfigIssue {
  /** `request body:3:12: /deployments/chat/model must be string, not integer` */
  text: string;
}

/** The server settings in force, every default applied and every secret shown as `***`. */
export interface EffectiveServer {
  port: number;
  host: string;
  region: string;
  mode: NonNullable<ServerSettings['mode']>;
  auth: { modes: Array<'api-key' | 'bearer'>; apiKeys: string[]; bearerAudience?: string };
  apiVersionPolicy: 'strict' | 'any';
  unmatched: 'generate' | 'error';
  maxBodyBytes: number;
  testIdHeader: string;
  shutdownGraceMs: number;
  adminApiKey?: string;
  journal: { maxEntries: number; maxBytes: number };
}

/** A deployment with what its model family implies filled in. */
export interface EffectiveDeployment {
  name: string;
  model: string;
  operations: Operation[];
  tokenizer: 'o200k_base' | 'cl100k_base';
  contextWindow: number;
  maxOutputTokens: number;
  embeddingDimensions?: number;
  rpmPer1000Tpm: number;
  /** A reasoning model (o-series, gpt-5): hidden reasoning tokens, max_completion_tokens only. */
  reasoning: boolean;
  rateLimit?: RateLimit;
  latency?: LatencyProfile;
}

/** How the last attempt to replace the configuration went. */
export interface ReloadStatus {
  at: string;
  ok: boolean;
  source: string;
  errors?: string[];
}

/** What GET /__sim/config answers: the configuration the simulator runs with. */
export interface EffectiveConfig {
  source: { file: string; files: string[]; embeddedDefault: boolean };
  server: EffectiveServer;
  deployments: EffectiveDeployment[];
  /** The scenarios as given (after includes), secrets masked. */
  scenarios: Scenarios;
  lastReload: ReloadStatus | null;
}

/** What a successful scenarios update reports. */
export interface ScenariosApplied {
  applied: true;
  deployments: string[];
  rules: number;
}

/** What a reset did. */
export interface ResetResult {
  reset: 'all' | { testId: string };
  journalEntriesRemoved: number;
}

/** A one-shot fault still waiting for its requests. */
export interface ArmedFault {
  action: FaultAction;
  match?: Match;
  /** How many more matching requests it will break. */
  remaining: number;
}
