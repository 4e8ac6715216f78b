/*
 * The JSON the control API answers about the journal, the limits and the configuration, declared here so that
 * the client installs and type-checks without the server package. Each mirrors the server's type of the same
 * name (server/src/journal/journal-types.ts, limits/limit-snapshot.ts, sim-state.ts, config/resolve-config.ts);
 * test-support/server-conformance.ts fails `npm run typecheck` when the server's no longer fits one of them.
 */
import type { LatencyProfile, Operation, RateLimit, ServerSettings, WebhookEndpoint } from '../generated/scenarios.ts';

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
  /** With a shared store (server.state), the replica that served it: ids count per replica. */
  replica?: string;
}

/** Which entries the server selects, as the query string carries them; every given field must match. */
export interface WireJournalFilter {
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
  /** The resource whose quota it is (`default`: the simulator's own), and its region. */
  resource?: string;
  region?: string;
  /** unlimited: no rate limit; standard: TPM and RPM windows; provisioned: the PTU bucket (and an RPM if set). */
  mode: 'unlimited' | 'standard' | 'provisioned';
  /** How the 60 s counts are kept, when there are any. */
  window?: 'sliding' | 'per-minute';
  /** Standard: tokens charged in the 60 s window against the TPM. Provisioned: the tokens in the bucket against its size. */
  tokens?: QuotaUse;
  /** Requests in the 60 s window against the RPM, and in the sliding burst window against its share. */
  requests?: QuotaUse & { burst: QuotaUse & { windowMs: number } };
  /** Provisioned: the bucket's level in percent of its size, one decimal, rounded down (past 100 after a large admission). */
  utilization?: number;
}

/** The last reload of the scenarios: when, whether it took, from where, and what was wrong when it did not. */
export interface ReloadStatus {
  at: string;
  ok: boolean;
  source: string;
  errors?: string[];
}

/** How much a cache or store that requests fill may keep. */
export interface MemoryBounds {
  maxEntries: number;
  maxBytes: number;
}

/** The server settings in force, every default applied and every secret shown as `***`. */
export interface EffectiveServer {
  port: number;
  host: string;
  region: string;
  mode: NonNullable<ServerSettings['mode']>;
  auth: { modes: Array<'api-key' | 'bearer'>; apiKeys: string[]; entra: { audiences: string[]; checkExpiry: boolean } };
  apiVersionPolicy: 'strict' | 'any';
  unmatched: 'generate' | 'error';
  maxBodyBytes: number;
  testIdHeader: string;
  shutdownGraceMs: number;
  adminApiKey?: string;
  /** Who may use the control API. */
  controlAccess: 'key' | 'open' | 'read-only' | 'off';
  journal: { maxEntries: number; maxBytes: number };
  cors: { allowedOrigins: string[] };
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  memory: { answerCache: MemoryBounds; storedResponses: MemoryBounds; testIds: MemoryBounds };
}

/** A deployment with what its model family implies filled in; its operations as a list, as JSON carries them. */
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

/** `resourceDown`'s options: how the region fails, and for how long. */
export interface ResourceDownOptions {
  /** status (default): every request answers `status`; timeout: nothing is answered until the client gives up; reset: the connection is reset. */
  mode?: 'status' | 'timeout' | 'reset';
  /** The status mode's status (400-599), 503 by default, with the service's body. */
  status?: number;
  /** The resource comes back by itself after this long; absent: until `resourceUp`. */
  durationMs?: number;
}

/** `resourceDegrade`'s options: at least one of latencyFactor, quotaFactor, errorRate, ptuSaturated. */
export interface ResourceDegradeOptions {
  /** TTFT and inter-token latency multiplied by this (≥ 1). */
  latencyFactor?: number;
  /** The service's temporary quota adjustment: every deployment's TPM, RPM and PTU capacity multiplied (0 < f ≤ 1). */
  quotaFactor?: number;
  /** This share of requests (0..1) answered `status` (503 by default). */
  errorRate?: number;
  status?: number;
  /** Provisioned deployments refuse with their 429 as at 100% utilization, so spillover or a fallback takes over. */
  ptuSaturated?: boolean;
  durationMs?: number;
  /** After `durationMs` (or at once without it), the factors ease back to normal linearly over this long. */
  recoverOverMs?: number;
}

/** A resource's condition as the control API shows it: what was asked, when, and what it does now. */
export type ResourceCondition = (({ kind: 'down' } & ResourceDownOptions) | ({ kind: 'degrade' } & ResourceDegradeOptions)) & {
  /** When it was set, ISO 8601. */
  setAt: string;
  /** When it lifts itself (its recovery included), ISO 8601; absent: not until `resourceUp`. */
  liftsAt?: string;
  /** A degrade's factors as they stand now, which a recovery eases back. */
  current?: { latencyFactor: number; quotaFactor: number; errorRate: number; ptuSaturated: boolean };
};

/** One resource of the simulator as `GET /__sim/resources` lists it. */
export interface ResourceStatus {
  name: string;
  region: string;
  status: 'up' | 'down' | 'degraded';
  condition?: ResourceCondition;
  deployments: string[];
  /** `prefix`: the path prefix that reaches it (`''` for the simulator's own, at the root); its host names and port. */
  endpoints: { prefix: string; hosts: string[]; port?: number };
}

/** The job clock, as `clock()` and `advanceClock()` answer it. */
export interface JobClockStatus {
  /** Its time, ISO 8601. */
  time: string;
  epochMs: number;
  /** How many times faster than real time it runs (server.clock.speed). */
  speed: number;
  /** How far advanceClock has moved it past real time, in milliseconds. */
  advancedMs: number;
  /** Jobs waiting on it. */
  pendingJobs: number;
  /** advanceClock only: how far this call moved it. */
  advancedByMs?: number;
  /** advanceClock only: how many jobs came due and ran. */
  jobsRun?: number;
}

/** One webhook delivery attempt, as `webhookDeliveries()` lists it (server/src/webhooks/attempt-log.ts). */
export interface WebhookAttempt {
  /** A sequence number, increasing by one per attempt listed. */
  seq: number;
  /** When the attempt was made, on the job clock, ISO 8601. */
  time: string;
  endpoint: { name?: string; url: string };
  /** The message's `webhook-id`: the same for every attempt at one event to one endpoint. */
  webhookId: string;
  /** The event's id (`evt_…`), its type and its job's id. */
  event: { id: string; type: WebhookEndpoint['events'][number]; dataId: string };
  /** 1 for the first attempt; 0 for an event that was not attempted (dropped). */
  attempt: number;
  outcome: 'delivered' | 'failed' | 'dropped';
  /** The receiver's status, when it answered. */
  status?: number;
  /** Why there was no answer (`timeout`, `ECONNREFUSED`, …), or why it was dropped. */
  error?: string;
  /** When the next attempt is due, on the job clock; absent when there is none. */
  nextAttemptAt?: string;
}

/** Which attempts `webhookDeliveries()` lists; every given field must match. */
export interface WebhookAttemptFilter {
  type?: WebhookEndpoint['events'][number];
  /** The job's id: `resp_…`, `batch_…`, `video_…`. */
  id?: string;
  /** The endpoint's name or url. */
  endpoint?: string;
  outcome?: WebhookAttempt['outcome'];
}
