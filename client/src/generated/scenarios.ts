/* eslint-disable */
/**
 * DO NOT EDIT: generated from schema/scenarios.schema.json by `npm run gen`.
 * Change the schema, then run `npm run gen`; `npm test` fails when this file is stale.
 */

/**
 * A data-plane operation; realtime is a response on a Realtime API session (WebSocket).
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Operation".
 */
export type Operation =
  | 'chat'
  | 'completions'
  | 'embeddings'
  | 'images'
  | 'imageEdits'
  | 'transcriptions'
  | 'translations'
  | 'speech'
  | 'responses'
  | 'videos'
  | 'realtime';
/**
 * A random duration in milliseconds: a plain number is fixed; otherwise a distribution.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Distribution".
 */
export type Distribution =
  | number
  | {
      /**
       * fixed: always `value`. uniform: between `min` and `max`. normal: `mean` and `stdDev`, never below 0. lognormal: `median` and `p99`.
       */
      distribution: 'fixed' | 'uniform' | 'normal' | 'lognormal';
      /**
       * fixed: the duration, ms.
       */
      value?: number;
      /**
       * uniform: the lower bound, ms.
       */
      min?: number;
      /**
       * uniform: the upper bound, ms.
       */
      max?: number;
      /**
       * normal: the mean, ms.
       */
      mean?: number;
      /**
       * normal: the standard deviation, ms.
       */
      stdDev?: number;
      /**
       * lognormal: the median, ms.
       */
      median?: number;
      /**
       * lognormal: the 99th percentile, ms.
       */
      p99?: number;
      /**
       * A seed, for a repeatable sequence of samples.
       */
      seed?: number;
    };
/**
 * A string test: a plain string must be equal; an object says how.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "StringMatcher".
 */
export type StringMatcher =
  | string
  | {
      /**
       * Equal to this.
       */
      equals?: string;
      /**
       * Contains this.
       */
      contains?: string;
      /**
       * Matches this regular expression, in JavaScript syntax, run on RE2 so that matching takes time linear in the text: lookahead, lookbehind and backreferences are refused when the scenarios load. Its groups are available to templates.
       */
      regex?: string;
      /**
       * true: present; false: absent.
       */
      exists?: boolean;
      /**
       * Compare without regard to case.
       */
      ignoreCase?: boolean;
    };
/**
 * A number test: a plain number must be equal; an object gives bounds.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "NumberMatcher".
 */
export type NumberMatcher =
  | number
  | {
      /**
       * Equal to this.
       */
      equals?: number;
      /**
       * Greater than this.
       */
      gt?: number;
      /**
       * At least this.
       */
      gte?: number;
      /**
       * Less than this.
       */
      lt?: number;
      /**
       * At most this.
       */
      lte?: number;
    };
/**
 * An AOAI error answered with the service's exact body and status: content_filter (400, a prompt filtered for jailbreak), context_length_exceeded (400), rate_limited (429 with retry-after 2 s), server_error (500), overloaded (503).
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "ErrorShorthand".
 */
export type ErrorShorthand =
  'content_filter' | 'context_length_exceeded' | 'rate_limited' | 'server_error' | 'overloaded';
/**
 * A content filter severity; high and medium are filtered by the default policy.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Severity".
 */
export type Severity = 'safe' | 'low' | 'medium' | 'high';
/**
 * status: an HTTP error with the service's body. hang: no answer for durationMs (or ever). reset: the connection is reset. empty: the connection closes with no answer. malformed-json: a 200 whose body is not JSON. stream-cut: a stream that ends after afterChunks chunks. stream-stall: a stream that stops sending after afterChunks chunks. malformed-sse: a stream with a broken chunk. latency: the answer's TTFT and inter-token latency multiplied by factor. quota: the deployment's TPM, RPM and PTU capacity multiplied by factor (0 < factor ≤ 1), the service's temporary quota adjustment: x-ratelimit-limit-tokens drops and 429s come sooner.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "FaultKind".
 */
export type FaultKind =
  | 'status'
  | 'hang'
  | 'reset'
  | 'empty'
  | 'malformed-json'
  | 'stream-cut'
  | 'stream-stall'
  | 'malformed-sse'
  | 'latency'
  | 'quota';
/**
 * A duration: a number with a unit, ms, s or m.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Duration".
 */
export type Duration = string;
/**
 * A deployment name as Azure allows it: letters, digits, '-', '_' and '.', 2 to 64 characters.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "DeploymentName".
 */
export type DeploymentName = string;
/**
 * A resource's name, as in its endpoint https://{name}.openai.azure.com: 2 to 64 letters, digits and hyphens, starting with a letter or digit.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "ResourceName".
 */
export type ResourceName = string;

/**
 * The aoai-sim configuration: server settings, deployments, scenario rules, replay and record settings, faults and incidents. One file may include others.
 */
export interface Scenarios {
  /**
   * The JSON Schema this file follows, for editors. Ignored by the simulator.
   */
  $schema?: string;
  /**
   * The version of this file format.
   */
  version?: 1;
  /**
   * Other scenario files to merge into this one: paths or globs, relative to this file. Their deployments, scenarios, faults and incidents are added; a name defined twice is an error. This file's own scenario rules come before those of its includes.
   */
  include?: string[];
  server?: ServerSettings;
  /**
   * The deployments this simulated resource has, by deployment name (the name in /openai/deployments/{name}/… and in the v1 routes' `model` field).
   */
  deployments?: {
    [k: string]: Deployment;
  };
  /**
   * The Azure OpenAI resources this simulator plays besides its own, by name: each with its region, keys and deployments, reached by host name (`{name}.localhost`, or its `hosts`), by a port of its own, or by the path prefix `/r/{name}/openai/…`. A request that names no resource reaches the simulator's own, which has the top-level `deployments`. Its listening (hosts, port), region and keys are fixed at startup; its deployments reload.
   */
  resources?: {
    [k: string]: Resource;
  };
  /**
   * Scenario rules: when a request matches, answer like this. Evaluated in order, first match wins; a higher `priority` goes first. Requests no rule matches get the default generator.
   */
  scenarios?: ScenarioRule[];
  templates?: TemplateSettings;
  replay?: ReplaySettings;
  record?: RecordSettings;
  /**
   * Faults injected into matching requests, with a probability.
   */
  faults?: Fault[];
  /**
   * Time-windowed incidents, e.g. a deployment answering 429 from 30 s to 90 s after start, then 503 for 10 s.
   */
  incidents?: Incident[];
  webhooks?: WebhookSettings;
}
/**
 * How the simulator listens, authenticates and checks api-versions. Command-line flags and environment variables override these.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "ServerSettings".
 */
export interface ServerSettings {
  /**
   * The TCP port to listen on. 0 picks a free port.
   */
  port?: number;
  /**
   * The address to listen on.
   */
  host?: string;
  /**
   * The Azure region reported in the x-ms-region header.
   */
  region?: string;
  /**
   * generate answers from scenario rules and the default generator; replay answers from cassettes; record forwards to a real endpoint and writes cassettes; record-missing replays what it has and records the rest.
   */
  mode?: 'generate' | 'replay' | 'record' | 'record-missing';
  auth?: AuthSettings;
  /**
   * strict: only api-versions the real service knows are accepted, and features are gated by version. any: every api-version is accepted.
   */
  apiVersionPolicy?: 'strict' | 'any';
  /**
   * What a request that no scenario rule matches gets: the default generator, or an error naming the closest rules.
   */
  unmatched?: 'generate' | 'error';
  /**
   * The largest request body accepted; larger bodies get 413.
   */
  maxBodyBytes?: number;
  /**
   * The request header that carries a test id, giving each test its own sequence counters and budgets.
   */
  testIdHeader?: string;
  /**
   * On SIGTERM or SIGINT, how long in-flight requests may take to finish before their connections are closed.
   */
  shutdownGraceMs?: number;
  admin?: AdminSettings;
  cors?: CorsSettings;
  http?: HttpSettings;
  journal?: JournalSettings;
  state?: StateSettings;
  files?: FilesSettings;
  batches?: BatchesSettings;
  clock?: ClockSettings;
  tls?: TlsSettings;
  memory?: MemorySettings;
}
/**
 * Data-plane authentication. With no apiKeys, any non-empty api-key is accepted; a request with no credential always gets 401.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "AuthSettings".
 */
export interface AuthSettings {
  /**
   * Which credentials are accepted: the api-key header, an Authorization: Bearer token, or both.
   *
   * @minItems 1
   */
  modes?: ['api-key' | 'bearer', ...('api-key' | 'bearer')[]];
  /**
   * The api keys accepted. Empty or absent: any non-empty key is accepted.
   */
  apiKeys?: string[];
  /**
   * Deprecated: use entra.audiences. When set (and entra.audiences is not), the one audience accepted.
   */
  bearerAudience?: string;
  entra?: EntraSettings;
}
/**
 * How an Entra ID bearer token is checked. Signatures are never verified (the simulator holds no Entra keys, so an unsigned JWT passes); its audience and expiry are checked as the service checks them, and a refused token gets the service's bearer 401.
 */
export interface EntraSettings {
  /**
   * The `aud` claims accepted, compared without a trailing slash. The default is what the service accepts. Empty: any audience.
   */
  audiences?: string[];
  /**
   * Refuse a token whose `exp` has passed on the simulator's clock, as the service does. false accepts expired tokens (a fixed token in a test fixture, say).
   */
  checkExpiry?: boolean;
}
/**
 * The control API under /__sim/.
 */
export interface AdminSettings {
  /**
   * When set, every control API call must carry it in the x-sim-admin-key header. Separate from the data-plane keys.
   */
  apiKey?: string;
  /**
   * Who may use the control API when no admin key is set. auto: anyone when the simulator listens on loopback; read-only (reads answer, changes get 403) when it listens beyond loopback. open: anyone, also beyond loopback. read-only: reads only. off: the control API answers 404 (an admin key does not turn it back on). With an admin key, every call needs the key. AOAI_SIM_ADMIN_ACCESS overrides it.
   */
  access?: 'auto' | 'open' | 'read-only' | 'off';
}
/**
 * CORS on the /openai routes, for pages in a browser calling the simulator: a preflight (OPTIONS with Access-Control-Request-Method) from an allowed origin is answered 200 without a credential, echoing the method and headers asked for; every answer to an allowed origin carries Access-Control-Allow-Origin (the origin echoed) and exposes the service's ids, rate-limit and retry headers. Requests without an Origin header are not affected.
 */
export interface CorsSettings {
  /**
   * The origins allowed (scheme, host and port, as a browser sends them: `http://localhost:5173`), or `*` for any, as the service allows. Empty: CORS off, a preflight is answered as any other request (401 without a credential).
   */
  allowedOrigins?: string[];
}
/**
 * The HTTP server's limits on connections: how long a client may take to send a request, how long an idle connection is kept, and how many are open at once. Sized for a load test, whose clients open thousands of connections and keep them alive.
 */
export interface HttpSettings {
  /**
   * How long a client may take to send a request's headers, from its first byte (or from the connection, for its first request); past it the connection gets a 408 and is closed. At most requestTimeoutMs.
   */
  headersTimeoutMs?: number;
  /**
   * How long a client may take to send a whole request, its body included; past it the connection gets a 408 and is closed. It covers receiving the request only: a long answer, such as a slowly paced stream, is never cut by it.
   */
  requestTimeoutMs?: number;
  /**
   * How long a connection is kept open, idle, waiting for its next request. Longer than the idle timeouts of common client pools (about 5 s), so a client never reuses a connection the server is closing.
   */
  keepAliveTimeoutMs?: number;
  /**
   * The most connections open at once; one more is closed as soon as it is accepted, and those open keep working. Well above what a load test opens.
   */
  maxConnections?: number;
}
/**
 * The request journal, a bounded ring buffer.
 */
export interface JournalSettings {
  /**
   * The most entries kept; older ones are dropped and counted.
   */
  maxEntries?: number;
  /**
   * The most bytes of request and response bodies kept across all entries.
   */
  maxBytes?: number;
}
/**
 * Where the state that several simulators can share is kept: rate-limit windows and PTU buckets, scenario rules' sequence counts and times budgets, replay cursors and stored responses. memory (the default) keeps it in this process; redis keeps it on a Redis 7 or Valkey server, so that replicas and workers behind one endpoint hold each deployment to one quota, advance one sequence and continue each other's conversations. Read at startup. AOAI_SIM_REDIS_URL sets store redis and the url.
 */
export interface StateSettings {
  /**
   * memory: this process only. redis: the server at url.
   */
  store?: 'memory' | 'redis';
  /**
   * The Redis server: redis://[user:password@]host:port[/db], or rediss:// for TLS. Required with store redis (or AOAI_SIM_REDIS_URL).
   */
  url?: string;
  /**
   * Every key this simulator writes starts with it, so that several simulator fleets can share one server; POST /__sim/reset removes only keys under it.
   */
  keyPrefix?: string;
  /**
   * How long a connection attempt may take before it counts as a failure.
   */
  connectTimeoutMs?: number;
  /**
   * How long a request may wait on the store for one step (an admission, a rule claim, a stored response) before the store counts as unavailable: no request hangs on Redis beyond it.
   */
  commandTimeoutMs?: number;
  /**
   * What requests get while Redis is unreachable or slower than commandTimeoutMs. fail-open: this simulator falls back to its own in-memory state (limits, counts and stored responses of its own), warns once per outage, counts each fallback in aoai_sim_state_fallbacks_total, and rejoins the shared state when Redis answers again. fail-closed: the service's 503, so a load test sees the outage instead of N times the quota.
   */
  whenUnavailable?: 'fail-open' | 'fail-closed';
}
/**
 * The Files API (/openai/files and /openai/v1/files): how large an upload may be, where files are kept and for how long. Files are kept in memory unless dir is set.
 */
export interface FilesSettings {
  /**
   * A directory to keep uploaded files in, relative to this file, so that they survive a restart; created when missing. In memory when absent.
   */
  dir?: string;
  /**
   * The most bytes of file content kept, all files together. Past it the oldest files are forgotten to make room (counted in aoai_sim_files_evicted_total) and answer 404 like deleted ones.
   */
  maxBytes?: number;
  /**
   * The largest file one upload may hold: the service's 512 MB file limit. A larger upload gets 413.
   */
  maxFileBytes?: number;
  /**
   * The largest file an upload with purpose batch may hold: the service's 200 MB batch input limit. A larger one gets 413.
   */
  maxBatchFileBytes?: number;
  /**
   * How long a file whose upload sets no expires_after is kept, in seconds on the simulator's clock; 0 keeps it until it is deleted or evicted, as the service keeps files.
   */
  retentionSeconds?: number;
}
/**
 * The Batch API (/openai/batches and /openai/v1/batches): how many lines a batch file may have and how many batches are kept. Each batch deployment's quota and phase times are its own (deployments.*.batch).
 */
export interface BatchesSettings {
  /**
   * The most requests one batch file may hold: the service's 100,000. A file with more fails validation with too_many_tasks.
   */
  maxLines?: number;
  /**
   * The most batches kept for retrieve and list. Past it the oldest finished batch is forgotten (its output files stay in the Files store); a batch still running is never forgotten.
   */
  maxKept?: number;
}
/**
 * The clock of the long jobs: batches, background responses, video jobs, file expiry and webhook retries. A test moves it on with POST /__sim/clock/advance; latency, pacing and rate-limit windows stay on real time.
 */
export interface ClockSettings {
  /**
   * How many times faster than real time the job clock runs: 60 makes a 24-hour batch window pass in 24 minutes. Read at startup; a reload does not change it.
   */
  speed?: number;
}
/**
 * HTTPS and WSS on the same port, for clients that insist on them (openai's realtime WebSocket client for Azure always dials wss:). The `--tls` flag and AOAI_SIM_TLS=true turn it on too. Without a cert and key, a self-signed certificate for localhost, 127.0.0.1 and ::1 is made at startup and its PEM path is written in the startup line, for a client to trust (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE).
 */
export interface TlsSettings {
  /**
   * Serve HTTPS (and WSS) instead of HTTP.
   */
  enabled?: boolean;
  /**
   * A PEM certificate file (its chain after it) to serve instead of the self-signed one; needs key.
   */
  cert?: string;
  /**
   * The PEM private key file of cert.
   */
  key?: string;
}
/**
 * Bounds on what the simulator keeps between requests, so that no run of valid requests can exhaust its memory. Bytes are estimated from the length of the text kept; when a bound is reached the least recently used entry is forgotten first.
 */
export interface MemorySettings {
  answerCache?: AnswerCacheSettings;
  promptCache?: PromptCacheSettings;
  storedResponses?: StoredResponsesSettings;
  videoJobs?: VideoJobSettings;
  testIds?: TestIdSettings;
}
/**
 * Answers the default generator made (chat completions, embeddings), kept by deployment and request body and handed out again when the same body comes back: what makes a load test's repeated requests cheap.
 */
export interface AnswerCacheSettings {
  /**
   * The most answers kept.
   */
  maxEntries?: number;
  /**
   * The most bytes kept, request bodies (the keys) and answers together. An answer larger than this is made afresh each time.
   */
  maxBytes?: number;
}
/**
 * Prompt prefixes seen, per deployment and prompt_cache_key, that make a repeated long prompt report cached_tokens. Only digests of the prefixes at 128-token boundaries are kept, never the prompts; a prefix forgotten to make room is no longer cached, as on the service when a cache goes unused.
 */
export interface PromptCacheSettings {
  /**
   * The most prefixes kept (one per 128-token step past the first 1,024 tokens of each prompt).
   */
  maxEntries?: number;
  /**
   * The most bytes kept, the prefixes' keys counted at their length.
   */
  maxBytes?: number;
}
/**
 * Responses API answers kept for previous_response_id, item_reference and GET /openai/responses/{id}. A response forgotten to make room answers 404 like one never stored.
 */
export interface StoredResponsesSettings {
  /**
   * The most responses kept.
   */
  maxEntries?: number;
  /**
   * The most bytes kept, each response counted with its whole conversation.
   */
  maxBytes?: number;
}
/**
 * Video jobs kept for retrieve, list, download and remix (/openai/v1/videos), finished or not. A job forgotten to make room answers 404 like a deleted one, and a pending one is dropped with it, its event never sent.
 */
export interface VideoJobSettings {
  /**
   * The most video jobs kept.
   */
  maxEntries?: number;
  /**
   * The most bytes kept, each job counted with its prompt. The clips are made when downloaded, not kept per job.
   */
  maxBytes?: number;
}
/**
 * Test ids whose state is kept: each rule's match count (sequences, times) and each replayed recording's place in its sequence. A test id forgotten to make room starts its sequences again.
 */
export interface TestIdSettings {
  /**
   * The most test ids kept.
   */
  maxEntries?: number;
  /**
   * The most bytes kept, test ids and their counters together.
   */
  maxBytes?: number;
}
/**
 * A model deployment.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Deployment".
 */
export interface Deployment {
  /**
   * The dated model snapshot reported in responses' `model` field.
   */
  model: string;
  /**
   * The operations this deployment serves; others get 400 OperationNotSupported. When absent, they follow from the model name (gpt-*, o*: chat and responses; *-instruct: completions; text-embedding-*: embeddings; dall-e-*: images; gpt-image-*: images and imageEdits; whisper*: transcriptions and translations; tts*: speech; sora*: videos).
   *
   * @minItems 1
   */
  operations?: [Operation, ...Operation[]];
  /**
   * The model's context window in tokens: prompt plus max_tokens beyond it gets 400 context_length_exceeded.
   */
  contextWindow?: number;
  /**
   * The most completion tokens one response may have.
   */
  maxOutputTokens?: number;
  /**
   * Whether a prompt of 1,024 tokens or more whose prefix this deployment saw before reports that prefix's tokens (in 128-token steps) as usage cached_tokens, as the service's prompt caching does. Defaults to true for GPT-4o and newer chat models (the models the service caches for), false otherwise. Scripted and replayed answers keep what they script.
   */
  promptCaching?: boolean;
  /**
   * The default length of this deployment's embedding vectors.
   */
  embeddingDimensions?: number;
  /**
   * The tokenizer that counts this deployment's tokens. When absent, it follows from the model name.
   */
  tokenizer?: 'o200k_base' | 'cl100k_base';
  rateLimit?: RateLimit;
  /**
   * A provisioned deployment (rateLimit.ptu) only: the standard deployment that serves a request this one would refuse with 429, as the service's spillover does. The answer then carries x-ms-spillover-from-deployment (this deployment), x-ms-spillover-error (429) and x-ms-deployment-name (the standard one), and the standard deployment's quota is charged. Wins over a request's x-ms-spillover-deployment header.
   */
  spilloverDeployment?: string;
  /**
   * The deployment type, as Azure names its SKU. GlobalBatch and DataZoneBatch deployments take batch jobs (POST /openai/batches): a batch file's lines must all name one of them in body.model. The other types serve requests as they come and are refused in a batch file.
   */
  sku?:
    | 'Standard'
    | 'GlobalStandard'
    | 'DataZoneStandard'
    | 'ProvisionedManaged'
    | 'GlobalProvisionedManaged'
    | 'DataZoneProvisionedManaged'
    | 'GlobalBatch'
    | 'DataZoneBatch';
  batch?: BatchSettings;
  router?: ModelRouter;
  latency?: LatencyProfile;
  video?: VideoTiming;
  realtime?: RealtimeSettings;
  contentFilter?: ContentFilterPolicy;
}
/**
 * The deployment's quota, enforced at admission from the service's estimate (prompt tokens + max_tokens × n). Either a standard TPM quota or provisioned throughput units.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "RateLimit".
 */
export interface RateLimit {
  /**
   * Tokens per minute.
   */
  tpm?: number;
  /**
   * Requests per minute. When absent, derived from tpm as the service does (6 per 1,000 TPM for chat models).
   */
  rpm?: number;
  /**
   * The short window requests are evaluated over, so a burst is refused as the service refuses it.
   */
  burstWindow?: '1s' | '10s';
  /**
   * sliding: a sliding 60 s window. per-minute: the count resets each minute, as the service's running count does.
   */
  window?: 'sliding' | 'per-minute';
  /**
   * The completion tokens the estimate assumes when a request sets no max_tokens.
   */
  defaultMaxTokens?: number;
  /**
   * Provisioned throughput units. When set, the deployment is provisioned: utilization is a leaky bucket and 429 comes at 100%.
   */
  ptu?: number;
  /**
   * The tokens per minute one provisioned unit serves.
   */
  tokensPerPtuPerMinute?: number;
}
/**
 * A GlobalBatch or DataZoneBatch deployment only: its enqueued-token quota and how long each phase of a batch job takes on the job clock (server.clock.speed scales them; POST /__sim/clock/advance skips them).
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "BatchSettings".
 */
export interface BatchSettings {
  /**
   * The most prompt tokens this deployment's unfinished batches may hold together (the service's enqueued-token quota). A batch that would go past it fails with token_limit_exceeded. When absent, the service's default for the model: 200M for gpt-4o, gpt-4.1 and gpt-5, 1B for their mini and nano models, o3-mini and o4-mini on GlobalBatch; 30M for gpt-4o and gpt-4.1, 100M for their minis on DataZoneBatch.
   */
  enqueuedTokens?: number;
  validating?: Distribution;
  inProgress?: Distribution;
  finalizing?: Distribution;
  cancelling?: Distribution;
}
/**
 * A model-router deployment only: how it picks the underlying model of each request, which then names the answer's model, counts its tokens and bounds its context window and output. The router deployment's own rateLimit is charged, as on the service.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "ModelRouter".
 */
export interface ModelRouter {
  /**
   * prompt-length: the first of models whose upToTokens holds the request's prompt tokens; the last model takes any longer prompt.
   */
  policy?: 'prompt-length';
  /**
   * The underlying models, shortest prompts first. The service's router 2025-05-19 chooses among gpt-4.1, gpt-4.1-mini, gpt-4.1-nano and o4-mini; 2025-08-07 adds gpt-5, gpt-5-mini, gpt-5-nano and gpt-5-chat.
   *
   * @minItems 1
   *
   * Items: One underlying model and the longest prompt it takes.
   */
  models?: [
    {
      /**
       * The dated model snapshot the answer's model field names; it must be a chat model the simulator knows.
       */
      model: string;
      /**
       * The most prompt tokens this model takes; absent on the last model, which takes the rest.
       */
      upToTokens?: number;
    },
    ...{
      /**
       * The dated model snapshot the answer's model field names; it must be a chat model the simulator knows.
       */
      model: string;
      /**
       * The most prompt tokens this model takes; absent on the last model, which takes the rest.
       */
      upToTokens?: number;
    }[]
  ];
}
/**
 * How long answers take. Streams send the first content chunk at ttft, then a chunk every tokensPerChunk × itl; other answers come after ttft + tokens × itl.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "LatencyProfile".
 */
export interface LatencyProfile {
  ttft?: Distribution;
  itl?: Distribution;
  /**
   * How many tokens a stream chunk carries.
   */
  tokensPerChunk?: number;
  perRequest?: Distribution;
  perInputToken?: Distribution;
  load?: LoadLatency;
}
/**
 * Latency that grows with the requests in flight on the deployment.
 */
export interface LoadLatency {
  /**
   * The requests in flight the deployment serves at its base latency.
   */
  capacity: number;
  /**
   * linear: latency × (1 + factor × max(0, inFlight − capacity) / capacity). queueing: latency / (1 − min(utilization, 0.99)).
   */
  model?: 'linear' | 'queueing';
  /**
   * linear: how steeply latency grows past capacity.
   */
  factor?: number;
}
/**
 * A video deployment's jobs (sora-2), on the job clock (server.clock, POST /__sim/clock/advance): queued for `queued`, then in progress for `renderPerSecond` times the clip's seconds, its progress rising with the clock, then completed. The defaults take a 4-second clip about a minute and a 12-second one about three, as the service does.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "VideoTiming".
 */
export interface VideoTiming {
  queued?: Distribution;
  renderPerSecond?: Distribution;
}
/**
 * A realtime deployment's sessions: what the user says, how many sessions may be open or open per minute, and how long each may last. The simulator does not recognise speech, so what the user says is scripted: the transcript of each audio turn a session commits, which scenario rules match (lastUserMessage) and input transcription reports. A session refused by `maxSessions` or `sessionsPerMinute` gets the data plane's 429 (retry-after, the rate-limit body) before the WebSocket upgrade; a session past `sessionMaxSeconds` gets an `error` event with code session_expired and is closed with 1001. Each response of a session is also held to the deployment's rateLimit (TPM, RPM).
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "RealtimeSettings".
 */
export interface RealtimeSettings {
  /**
   * What the user says, in order: the n-th audio turn a session commits (by server VAD or input_audio_buffer.commit) is heard as the n-th utterance. Past the last one, a sentence from the default text generator, seeded by the deployment and the turn's number, as the transcription operation makes one.
   */
  utterances?: string[];
  /**
   * The most sessions open at once on this deployment; when absent, no limit (Azure's quota page lists none for realtime deployments). With --workers or replicas each process counts its own.
   */
  maxSessions?: number;
  /**
   * The most sessions opened in any 60 s on this deployment; when absent, no limit. Azure counted realtime requests per minute as new WebSocket connections in its 2024 preview (6 per minute). Counted in the rate limits' store, so --workers and replicas sharing Redis share it.
   */
  sessionsPerMinute?: number;
  /**
   * How long a session may last, in seconds from its upgrade: the session's expires_at. Azure's realtime docs give 30 minutes (OpenAI's own service allows 60).
   */
  sessionMaxSeconds?: number;
}
/**
 * The deployment's content filter configuration, as far as it shows in answers.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "ContentFilterPolicy".
 */
export interface ContentFilterPolicy {
  /**
   * default: streamed content comes in filtered batches, each content chunk carrying its annotations. asynchronous: the Asynchronous Filter; content chunks carry no annotations, and annotation chunks with content_filter_offsets follow the text they cover (and a filtered answer ends with one whose finish_reason is content_filter).
   */
  streaming?: 'default' | 'asynchronous';
  /**
   * The protected material models are on (as under the DefaultV2 policy): every answer's annotations carry protected_material_code and protected_material_text, all clear unless a scenario outcome detects them.
   */
  protectedMaterial?: boolean;
}
/**
 * A simulated Azure OpenAI resource: what its requests reach, what it reports and what it serves.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Resource".
 */
export interface Resource {
  /**
   * The Azure region its x-ms-region header reports; absent: server.region.
   */
  region?: string;
  /**
   * Host names (without a port) that reach this resource, besides `{name}.localhost`, which always does. Matched without case.
   */
  hosts?: string[];
  /**
   * A port of its own: every request on it reaches this resource. On the same host as server.port; 0 is not allowed here.
   */
  port?: number;
  /**
   * The keys its `api-key` header accepts, instead of server.auth.apiKeys (the other auth settings are the server's).
   */
  apiKeys?: string[];
  /**
   * Whether it also has the top-level `deployments` (its own replace any of the same name).
   */
  inheritDeployments?: boolean;
  /**
   * Its own deployments, by name, with their quotas, PTU and latency profiles.
   */
  deployments?: {
    [k: string]: Deployment;
  };
}
/**
 * When a request matches, answer like this. Give `respond` or `sequence`.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "ScenarioRule".
 */
export interface ScenarioRule {
  /**
   * A unique name, shown in logs, the journal and near-miss reports.
   */
  name: string;
  /**
   * What the rule is for.
   */
  description?: string;
  /**
   * Higher goes first; rules of equal priority keep their order.
   */
  priority?: number;
  match?: Match;
  respond?: Response;
  sequence?: Sequence;
  /**
   * After this many matches (counted per test id), the rule stops matching and later rules or the default generator answer.
   */
  times?: number;
}
/**
 * What a request must look like. Every condition given must hold; an empty match matches everything.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Match".
 */
export interface Match {
  deployment?: StringMatcher;
  resource?: StringMatcher;
  region?: StringMatcher;
  /**
   * The operation, or any of several.
   */
  operation?: Operation | [Operation, ...Operation[]];
  path?: StringMatcher;
  /**
   * Request headers by name (case-insensitive).
   */
  headers?: {
    [k: string]: StringMatcher;
  };
  /**
   * Query parameters by name.
   */
  query?: {
    [k: string]: StringMatcher;
  };
  /**
   * Tests of body fields; all must hold.
   */
  body?: BodyMatcher[];
  lastUserMessage?: StringMatcher;
  systemMessage?: StringMatcher;
  /**
   * Whether the request offers tools.
   */
  hasTools?: boolean;
  /**
   * The request offers a tool (function) of this name.
   */
  tool?: string;
  /**
   * The request carries a tool result for this call id, or for any call with `*`.
   */
  toolResultFor?: string;
  turns?: NumberMatcher;
  testId?: StringMatcher;
}
/**
 * A test of one request body field, addressed by a path such as `messages[0].role` or `temperature`.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "BodyMatcher".
 */
export interface BodyMatcher {
  /**
   * Dot and bracket path into the JSON body.
   */
  path: string;
  /**
   * Deep-equal to this value.
   */
  equals?: string | number | boolean | null | unknown[] | {};
  /**
   * A string containing this, or an array with an element equal to it.
   */
  contains?: string | number | boolean | null | unknown[] | {};
  /**
   * A string matching this regular expression (JavaScript syntax, run on RE2: no lookahead, lookbehind or backreferences).
   */
  regex?: string;
  /**
   * true: present; false: absent.
   */
  exists?: boolean;
  /**
   * A number greater than this.
   */
  gt?: number;
  /**
   * A number at least this.
   */
  gte?: number;
  /**
   * A number less than this.
   */
  lt?: number;
  /**
   * A number at most this.
   */
  lte?: number;
}
/**
 * An answer. Give one of content, template, toolCalls, json, error, contentFilter or raw.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Response".
 */
export interface Response {
  /**
   * The assistant's text, as is.
   */
  content?: string;
  /**
   * The assistant's text, from a Liquid template (LiquidJS: no code, no file access). It can read `request` (`body`, `headers`, `query`, `deployment`, `operation`, `path`, `testId`; credential headers and query parameters are left out), `captures` (the groups of the first regex condition that matched; `captures[1]`, `captures.groups.name`), `capturesBy` (the same per field, e.g. `capturesBy.lastUserMessage`), `callCount` (this rule's matches for this test id, this one included), `now` (ISO time), `timestamp` (Unix seconds), `random` (`float`, `int`, `percent`: seeded by the request and call count) and `uuid`. Filters: Liquid's own plus `json`; `date` writes day and month names in English on every machine.
   */
  template?: string;
  /**
   * Function calls the model makes instead of answering.
   *
   * @minItems 1
   */
  toolCalls?: [ToolCall, ...ToolCall[]];
  /**
   * A structured output: this value, serialised as the content.
   */
  json?: string | number | boolean | null | unknown[] | {};
  /**
   * On Your Data: the citations of a chat request with data_sources, in message.context.citations (and in all_retrieved_documents, when include_contexts asks for it), instead of the seeded ones. With content or template; the text cites them as written ([doc1] is the first). A request without data_sources gets no context, as on the service.
   */
  citations?: Citation[];
  /**
   * On Your Data: message.context.intent of a chat request with data_sources, instead of the seeded one (the service writes a JSON list of the search queries it derived, e.g. ["dog care"]).
   */
  intent?: string;
  error?: ErrorShorthand;
  contentFilter?: ContentFilterOutcome;
  raw?: RawResponse;
  latency?: LatencyProfile;
}
/**
 * A function call the model makes.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "ToolCall".
 */
export interface ToolCall {
  /**
   * The call id; generated as call_… when absent.
   */
  id?: string;
  /**
   * The function name.
   */
  name: string;
  /**
   * The arguments: an object, or a template string rendering JSON.
   */
  arguments?: {} | string;
}
/**
 * One document an On Your Data answer cites.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Citation".
 */
export interface Citation {
  /**
   * The cited passage.
   */
  content: string;
  /**
   * The document's title.
   */
  title?: string;
  /**
   * The document's URL.
   */
  url?: string;
  /**
   * The document's file path.
   */
  filepath?: string;
  /**
   * The chunk of the document the passage is.
   */
  chunk_id?: string;
}
/**
 * A content filter outcome: a blocked prompt (400 with the categories that fired), or an output cut after `afterTokens` tokens with finish_reason content_filter. Severities medium and high are filtered, as under the default policy; low is annotated but passes. With action annotate, nothing is blocked: the categories are reported as detected but not filtered, on the prompt's or the answer's annotations. With stage output, or with action annotate, give the answer with content, template, json or toolCalls.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "ContentFilterOutcome".
 */
export interface ContentFilterOutcome {
  /**
   * prompt: the request is refused with 400. output: the answer stops with finish_reason content_filter.
   */
  stage: 'prompt' | 'output';
  /**
   * output: how many tokens of the content are sent before the cut.
   */
  afterTokens?: number;
  hate?: Severity;
  sexual?: Severity;
  violence?: Severity;
  self_harm?: Severity;
  /**
   * prompt: a jailbreak attempt was detected.
   */
  jailbreak?: boolean;
  /**
   * Profanity was detected.
   */
  profanity?: boolean;
  /**
   * output: protected text was detected.
   */
  protected_material_text?: boolean;
  /**
   * output: protected code was detected (the default policy annotates it, so use it with action annotate to see what that policy does); give the repository it matches with citation.
   */
  protected_material_code?: boolean;
  /**
   * output, with protected_material_code: the public repository the code was found in and its license, reported as the annotation's citation.
   */
  citation?: {
    /**
     * Where the matching code is: a file in a public GitHub repository.
     */
    URL: string;
    /**
     * The repository's license.
     */
    license: string;
  };
  /**
   * A custom blocklist of this id matched the prompt or the output, reported under custom_blocklists.
   */
  blocklist?: string;
  /**
   * prompt: an indirect attack (a prompt injection in a document or tool result) was detected by Prompt Shields.
   */
  indirect_attack?: boolean;
  /**
   * filter: the outcome blocks (stage prompt: 400; stage output: the cut). annotate: the categories are detected but not filtered, and the answer goes through whole, as with an optional model in annotate mode.
   */
  action?: 'filter' | 'annotate';
}
/**
 * Any status, headers and body, as is.
 */
export interface RawResponse {
  /**
   * The HTTP status.
   */
  status: number;
  /**
   * Response headers.
   */
  headers?: {
    [k: string]: string;
  };
  /**
   * The body: a string as is, anything else as JSON.
   */
  body?: string | number | boolean | null | unknown[] | {};
}
/**
 * Answers in turn: the nth matching call gets the nth answer.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Sequence".
 */
export interface Sequence {
  /**
   * The answers, in order.
   *
   * @minItems 1
   */
  responses: [Response, ...Response[]];
  /**
   * After the last answer: repeat it (repeat-last), start again from the first (cycle), or answer 500 naming the rule (error).
   */
  onEnd?: 'repeat-last' | 'cycle' | 'error';
}
/**
 * What one render of a response template may cost, so that a runaway template (a loop of millions of steps, an array doubled in a loop) answers a 500 naming its rule instead of stalling the server or exhausting its memory. These are LiquidJS's renderLimit, memoryLimit and parseLimit. Set them in one file; they apply to every rule, whichever file it comes from.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "TemplateSettings".
 */
export interface TemplateSettings {
  /**
   * The longest one render may take, in milliseconds of wall-clock time; the template is stopped at the next tag or loop step past it. Templates render on the event loop, so every request waits for a render; but a busy machine can pause a render of microseconds for a few hundred milliseconds, so a tight limit fails sound templates.
   */
  renderLimitMs?: number;
  /**
   * How much one render may allocate, counted as LiquidJS counts it: characters of strings and elements of arrays that filters and ranges make (`append`, `join`, `split`, `concat`, `json`, `(1..n)`, …). Also bounds the longest single step, which the render limit cannot interrupt.
   */
  memoryLimit?: number;
  /**
   * The longest template, in characters, checked when the scenarios load. LiquidJS's parsing grows faster than the template (a 300,000-character template takes seconds).
   */
  parseLimit?: number;
}
/**
 * Answers from recorded cassettes.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "ReplaySettings".
 */
export interface ReplaySettings {
  /**
   * Cassette files or directories, or globs, relative to this file.
   */
  cassettes?: string[];
  /**
   * What a request no recording matches gets: an error showing the nearest recordings, the default generator, or a forwarded and recorded answer.
   */
  onMiss?: 'error' | 'generate' | 'record';
  /**
   * Body fields left out of the match key.
   */
  ignoreFields?: string[];
  /**
   * recorded: streams replay at their recorded timing. latency: at the deployment's latency profile. none: at once.
   */
  timing?: 'recorded' | 'latency' | 'none';
}
/**
 * Forwarding to a real endpoint and writing cassettes.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "RecordSettings".
 */
export interface RecordSettings {
  /**
   * The real endpoint.
   */
  upstream?: string;
  /**
   * The upstream key. When absent, the caller's own credential is passed through.
   */
  apiKey?: string;
  /**
   * Where cassettes are written, relative to this file.
   */
  dir?: string;
  /**
   * The cassette format.
   */
  format?: 'yaml' | 'json';
  /**
   * The most a realtime session's recording (`<name>-<n>.realtime.jsonl`) keeps, in bytes. Beyond it the file ends with a `truncated` line and the session goes on, relayed but no longer recorded; a replay of it answers the client events after the cut with `no_recording_match` errors.
   */
  realtimeMaxBytes?: number;
  sanitize?: Sanitizers;
}
/**
 * What is redacted before anything is written. Credentials and cookies are always removed.
 */
export interface Sanitizers {
  /**
   * Header names to redact.
   */
  headers?: string[];
  /**
   * Body fields to redact.
   */
  bodyPaths?: string[];
  /**
   * Regular expressions whose matches are replaced everywhere.
   */
  patterns?: {
    /**
     * What to replace: a regular expression (JavaScript syntax, run on RE2: no lookahead, lookbehind or backreferences).
     */
    regex: string;
    /**
     * What to put instead.
     */
    replacement?: string;
  }[];
}
/**
 * A fault injected into matching requests with a probability.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Fault".
 */
export interface Fault {
  /**
   * A unique name.
   */
  name: string;
  match?: Match;
  /**
   * The chance a matching request gets the fault.
   */
  probability?: number;
  /**
   * A seed, for a repeatable pattern of faults.
   */
  seed?: number;
  fault: FaultAction;
}
/**
 * What a fault does.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "FaultAction".
 */
export interface FaultAction {
  kind: FaultKind;
  /**
   * status: the HTTP status; 429, 500 and 503 get the service's bodies.
   */
  status?: number;
  error?: ErrorShorthand;
  /**
   * stream-cut, stream-stall, malformed-sse: chunks sent first.
   */
  afterChunks?: number;
  /**
   * hang, stream-stall: how long, ms; absent means until the client gives up. At most 2147483647 (about 24.8 days), the longest a Node.js timer waits.
   */
  durationMs?: number;
  /**
   * latency: what TTFT and inter-token latency are multiplied by (≥ 1 slows, below 1 speeds up). quota: what the deployment's TPM, RPM and PTU capacity are multiplied by (0 < factor ≤ 1). Absent: 1, no change.
   */
  factor?: number;
}
/**
 * A scripted incident: phases over time, from server start or from a control-API trigger.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "Incident".
 */
export interface Incident {
  /**
   * A unique name; the control API starts incidents by it.
   */
  name: string;
  /**
   * startup: the clock starts with the server. trigger: it starts when the control API triggers it.
   */
  start?: 'startup' | 'trigger';
  /**
   * What happens when, relative to the incident's start.
   *
   * @minItems 1
   */
  phases: [IncidentPhase, ...IncidentPhase[]];
}
export interface IncidentPhase {
  from: Duration;
  to: Duration;
  match?: Match;
  fault: FaultAction;
}
/**
 * Webhook endpoints the simulator delivers job events to (a batch, a background response or a video job ending), as the service's webhooks deliver them: a POST of the event ({id, object: event, created_at, type, data: {id}}) signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), which the openai SDK's webhooks.unwrap() verifies. A delivery that fails (not 2xx, a timeout, a connection error) is retried on the job clock, so POST /__sim/clock/advance drives the retries. Every attempt is listed at GET /__sim/webhooks/deliveries and counted in aoai_sim_webhook_attempts_total.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "WebhookSettings".
 */
export interface WebhookSettings {
  /**
   * Where events are delivered. An event goes to every endpoint whose events list its type.
   */
  endpoints?: WebhookEndpoint[];
  /**
   * How long an attempt waits for the receiver's answer, in milliseconds of real time; past it the attempt failed and is retried. The service asks receivers to answer within seconds.
   */
  timeoutMs?: number;
  /**
   * How long after each failed attempt the next one is made, in seconds on the job clock; when the list runs out the delivery is given up. The default follows the Standard Webhooks reference schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h) and goes on every 10 hours to about 68 hours, within the 72 hours over which OpenAI documents its retries; the service's exact schedule is not published.
   *
   * @maxItems 100
   */
  retryDelaysSeconds?: number[];
  /**
   * The most deliveries waiting at once (an attempt in flight, or a retry due): an event past it is not delivered, and is listed as dropped.
   */
  maxPending?: number;
  /**
   * How many delivery attempts GET /__sim/webhooks/deliveries keeps, the oldest forgotten first. Read at startup.
   */
  maxAttemptsListed?: number;
}
/**
 * A receiver of job events, as the service's webhook endpoints are configured: its URL, its signing secret and the event types it is sent.
 *
 * This interface was referenced by `Scenarios`'s JSON-Schema
 * via the `definition` "WebhookEndpoint".
 */
export interface WebhookEndpoint {
  /**
   * A name for the endpoint, shown with each attempt at GET /__sim/webhooks/deliveries.
   */
  name?: string;
  /**
   * Where the events are POSTed: http or https.
   */
  url: string;
  /**
   * The signing secret, as the service issues one: whsec_ and the base64 of 24 to 64 random bytes (Standard Webhooks). Give the receiver the same one (OpenAI({ webhookSecret }) or OPENAI_WEBHOOK_SECRET).
   */
  secret: string;
  /**
   * The event types delivered to it. The simulator announces the ends of batches, background responses and video jobs.
   *
   * @minItems 1
   */
  events: [
    (
      | 'batch.completed'
      | 'batch.failed'
      | 'batch.expired'
      | 'batch.cancelled'
      | 'response.completed'
      | 'response.failed'
      | 'response.cancelled'
      | 'response.incomplete'
      | 'video.completed'
      | 'video.failed'
    ),
    ...(
      | 'batch.completed'
      | 'batch.failed'
      | 'batch.expired'
      | 'batch.cancelled'
      | 'response.completed'
      | 'response.failed'
      | 'response.cancelled'
      | 'response.incomplete'
      | 'video.completed'
      | 'video.failed'
    )[]
  ];
}
