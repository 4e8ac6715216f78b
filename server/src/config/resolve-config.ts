import type {
  Deployment,
  Distribution,
  Operation,
  RateLimit,
  LatencyProfile,
  RecordSettings,
  ReplaySettings,
  Scenarios,
  ServerSettings,
  TemplateSettings,
  WebhookSettings,
} from '../generated/scenarios.ts';
import type { TemplateLimits } from '../scenarios/templates.ts';
import type { MemoryBounds } from '../memory/index.ts';
import { modelFamily, type TokenizerName } from './model-catalog.ts';
import { schemaDefault } from './schema-defaults.ts';
import { defaultEnqueuedTokens } from './batch-quota-defaults.ts';
import { isLoopbackHost } from './loopback.ts';
import { mergeProfiles } from '../latency/latency-plan.ts';
import { legacyLatencyFor, type LegacyLatency } from './legacy-latency.ts';
import { undefinedDeployment } from './undefined-deployments.ts';
import { isModelRouter, resolveRouter, type ResolvedRouter } from '../model-router/index.ts';
import { resolveResources, type ResolvedResource } from './resolve-resources.ts';

type Mode = NonNullable<ServerSettings['mode']>;
type AuthMode = 'api-key' | 'bearer';

/** Server settings with every default applied. */
export interface ResolvedServer {
  port: number;
  host: string;
  region: string;
  mode: Mode;
  auth: { modes: AuthMode[]; apiKeys: string[]; entra: { audiences: string[]; checkExpiry: boolean } };
  apiVersionPolicy: 'strict' | 'any';
  unmatched: 'generate' | 'error';
  maxBodyBytes: number;
  testIdHeader: string;
  shutdownGraceMs: number;
  adminApiKey?: string;
  /** Who may use the control API; see decideControlAccess. */
  controlAccess: 'key' | 'open' | 'read-only' | 'off';
  journal: { maxEntries: number; maxBytes: number };
  cors: { allowedOrigins: string[] };
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  memory: ResolvedMemory;
  state: ResolvedState;
  files: ResolvedFiles;
  /** The Batch API's bounds (server.batches). */
  batches: { maxLines: number; maxKept: number };
  /** How many times faster than real time the job clock runs (server.clock.speed). */
  clockSpeed: number;
  /**
   * HTTPS and WSS (server.tls, --tls): with the given PEM files, or a self-signed certificate made at startup
   * (`selfSigned`: the files are one a primary process made for its workers).
   */
  tls: { enabled: boolean; cert?: string; key?: string; selfSigned?: boolean };
}

/** The Files API's limits and store (server.files), with every default applied. */
export interface ResolvedFiles {
  dir?: string;
  maxBytes: number;
  maxFileBytes: number;
  maxBatchFileBytes: number;
  retentionSeconds: number;
}

/** Where the state several simulators can share is kept (server.state), with every default applied. */
export interface ResolvedState {
  store: 'memory' | 'redis';
  url?: string;
  keyPrefix: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  whenUnavailable: 'fail-open' | 'fail-closed';
}

/** How much each cache and store that requests fill may keep. */
export interface ResolvedMemory {
  answerCache: MemoryBounds;
  promptCache: MemoryBounds;
  storedResponses: MemoryBounds;
  videoJobs: MemoryBounds;
  testIds: MemoryBounds;
}

/** A deployment with what its model family implies filled in. */
export interface ResolvedDeployment {
  name: string;
  model: string;
  operations: ReadonlySet<Operation>;
  tokenizer: TokenizerName;
  contextWindow: number;
  maxOutputTokens: number;
  embeddingDimensions?: number;
  rpmPer1000Tpm: number;
  /** A reasoning model (o-series, gpt-5): hidden reasoning tokens, max_completion_tokens only. */
  reasoning: boolean;
  /** Repeated long prompt prefixes report `cached_tokens` (see prompt-cache/). */
  promptCaching: boolean;
  rateLimit?: RateLimit;
  /** A provisioned deployment's standard deployment to spill to when it would refuse with 429. */
  spilloverDeployment?: string;
  /** A model-router deployment's underlying models. */
  router?: ResolvedRouter;
  latency?: LatencyProfile;
  /** A video deployment's job timing (deployment.video, with its defaults). */
  video?: ResolvedVideoTiming;
  /** A realtime deployment's session limits (deployment.realtime, with its defaults). */
  realtime?: ResolvedRealtimeLimits;
  /** How the content filter shows in answers, when the deployment configures it (see protocol/content-filter.ts). */
  contentFilter?: ResolvedContentFilter;
  /** A GlobalBatch or DataZoneBatch deployment's quota and phase times; undefined for every other deployment type. */
  batch?: ResolvedBatchDeployment;
  /** What the user says in a realtime session's audio turns, in order (deployment.realtime.utterances). */
  utterances?: readonly string[];
}

/** A batch deployment (sku GlobalBatch or DataZoneBatch) with its defaults filled in. */
export interface ResolvedBatchDeployment {
  sku: 'GlobalBatch' | 'DataZoneBatch';
  enqueuedTokens: number;
  validating: Distribution;
  inProgress: Distribution;
  finalizing: Distribution;
  cancelling: Distribution;
}

/** How long a video deployment's jobs take, as distributions of milliseconds. */
export interface ResolvedVideoTiming {
  queued: Distribution;
  renderPerSecond: Distribution;
}

/** How many sessions a realtime deployment takes, and for how long; an absent count is no limit. */
export interface ResolvedRealtimeLimits {
  maxSessions?: number;
  sessionsPerMinute?: number;
  sessionMaxSeconds: number;
}

/** deployment.realtime with the schema's defaults. */
export function resolveRealtimeLimits(realtime: Deployment['realtime'] = {}): ResolvedRealtimeLimits {
  return { ...realtime, sessionMaxSeconds: realtime.sessionMaxSeconds ?? schemaDefault('RealtimeSettings', 'sessionMaxSeconds') };
}

/** deployment.video with the schema's defaults. */
export function resolveVideoTiming(video: Deployment['video'] = {}): ResolvedVideoTiming {
  return {
    queued: video.queued ?? schemaDefault('VideoTiming', 'queued'),
    renderPerSecond: video.renderPerSecond ?? schemaDefault('VideoTiming', 'renderPerSecond'),
  };
}

/** A deployment's content filter configuration with its defaults filled in. */
export interface ResolvedContentFilter {
  streaming: 'default' | 'asynchronous';
  protectedMaterial: boolean;
}

/** The configuration the server runs with. */
export interface SimConfig {
  server: ResolvedServer;
  deployments: ReadonlyMap<string, ResolvedDeployment>;
  /** The resources of `resources:` by name (empty without it); the simulator's own is not among them. */
  resources: ReadonlyMap<string, ResolvedResource>;
  scenarios: Scenarios;
  templates: TemplateLimits;
  /** Where job events are delivered, and how (see webhooks/). */
  webhooks: ResolvedWebhooks;
  /** Where the scenarios came from, for the startup line and GET /__sim/config. */
  source: { file: string; files: string[]; embeddedDefault: boolean };
  /** The deployment a name nothing defines stands for under an operation, when undefined deployments are answered. */
  undefinedDeployment?: (name: string, operation: Operation) => ResolvedDeployment | undefined;
}

/** Settings given on the command line or in the environment, which win over the file's. */
export interface ServerOverrides {
  /** Record settings from the environment (the seed's AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY, RECORDING_DIR, RECORDING_FORMAT). */
  record?: RecordSettings;
  port?: number;
  host?: string;
  mode?: Mode;
  apiKeys?: string[];
  /** AOAI_SIM_REDIS_URL: the shared state on this Redis server (server.state.store redis). */
  redisUrl?: string;
  adminApiKey?: string;
  adminAccess?: AdminAccess;
  /** Replay settings from the environment (the Python simulators' RECORDING_DIR, CASSETTE_DIR). */
  replay?: ReplaySettings;
  /**
   * Deployments from the environment (OPENAI_DEPLOYMENT_CONFIG_PATH): they replace the embedded default's, and
   * are added to a scenarios file's, winning over one of the same name.
   */
  deployments?: Record<string, Deployment>;
  /** Latency from the environment (LATENCY_OPENAI_*), over each deployment's own for the operations it serves. */
  latency?: LegacyLatency;
  /** Answer requests to a deployment nothing defines, as ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS=True did. */
  undefinedDeployments?: boolean;
  /** --tls, AOAI_SIM_TLS=true: serve HTTPS and WSS (server.tls.enabled). */
  tls?: boolean;
  /** A worker's: the self-signed certificate its primary made, shared by every worker (see shareCertificate). */
  sharedCertificate?: { cert: string; key: string };
}

type AdminAccess = NonNullable<NonNullable<ServerSettings['admin']>['access']>;

export function resolveConfig(scenarios: Scenarios, source: SimConfig['source'], overrides: ServerOverrides = {}): SimConfig {
  const server = scenarios.server ?? {};
  const auth = server.auth ?? {};
  const journal = server.journal ?? {};
  const http = server.http ?? {};
  const requestTimeoutMs = http.requestTimeoutMs ?? schemaDefault<number>('ServerSettings', 'http', 'requestTimeoutMs');
  const resolved: ResolvedServer = {
    port: overrides.port ?? server.port ?? schemaDefault('ServerSettings', 'port'),
    host: overrides.host ?? server.host ?? schemaDefault('ServerSettings', 'host'),
    region: server.region ?? schemaDefault('ServerSettings', 'region'),
    mode: overrides.mode ?? server.mode ?? schemaDefault('ServerSettings', 'mode'),
    auth: {
      modes: auth.modes ?? schemaDefault('AuthSettings', 'modes'),
      apiKeys: overrides.apiKeys ?? auth.apiKeys ?? [],
      entra: {
        audiences:
          auth.entra?.audiences ??
          (auth.bearerAudience === undefined ? schemaDefault('AuthSettings', 'entra', 'audiences') : [auth.bearerAudience]),
        checkExpiry: auth.entra?.checkExpiry ?? schemaDefault('AuthSettings', 'entra', 'checkExpiry'),
      },
    },
    apiVersionPolicy: server.apiVersionPolicy ?? schemaDefault('ServerSettings', 'apiVersionPolicy'),
    unmatched: server.unmatched ?? schemaDefault('ServerSettings', 'unmatched'),
    maxBodyBytes: server.maxBodyBytes ?? schemaDefault('ServerSettings', 'maxBodyBytes'),
    testIdHeader: (server.testIdHeader ?? schemaDefault<string>('ServerSettings', 'testIdHeader')).toLowerCase(),
    shutdownGraceMs: server.shutdownGraceMs ?? schemaDefault('ServerSettings', 'shutdownGraceMs'),
    controlAccess: 'open',
    journal: {
      maxEntries: journal.maxEntries ?? schemaDefault('ServerSettings', 'journal', 'maxEntries'),
      maxBytes: journal.maxBytes ?? schemaDefault('ServerSettings', 'journal', 'maxBytes'),
    },
    cors: { allowedOrigins: server.cors?.allowedOrigins ?? schemaDefault('ServerSettings', 'cors', 'allowedOrigins') },
    http: {
      // Node refuses headers a longer wait than the whole request
      headersTimeoutMs: Math.min(
        requestTimeoutMs,
        http.headersTimeoutMs ?? schemaDefault<number>('ServerSettings', 'http', 'headersTimeoutMs'),
      ),
      requestTimeoutMs,
      keepAliveTimeoutMs: http.keepAliveTimeoutMs ?? schemaDefault('ServerSettings', 'http', 'keepAliveTimeoutMs'),
      maxConnections: http.maxConnections ?? schemaDefault('ServerSettings', 'http', 'maxConnections'),
    },
    memory: resolveMemory(server.memory ?? {}),
    state: resolveState(server.state ?? {}, overrides.redisUrl),
    files: resolveFiles(server.files ?? {}),
    batches: {
      maxLines: server.batches?.maxLines ?? schemaDefault('ServerSettings', 'batches', 'maxLines'),
      maxKept: server.batches?.maxKept ?? schemaDefault('ServerSettings', 'batches', 'maxKept'),
    },
    clockSpeed: server.clock?.speed ?? schemaDefault('ServerSettings', 'clock', 'speed'),
    tls: overrides.sharedCertificate
      ? { enabled: true, ...overrides.sharedCertificate, selfSigned: true }
      : {
          enabled: overrides.tls ?? server.tls?.enabled ?? schemaDefault('ServerSettings', 'tls', 'enabled'),
          ...(server.tls?.cert === undefined ? {} : { cert: server.tls.cert }),
          ...(server.tls?.key === undefined ? {} : { key: server.tls.key }),
        },
  };
  const adminApiKey = overrides.adminApiKey ?? server.admin?.apiKey;
  if (adminApiKey !== undefined) resolved.adminApiKey = adminApiKey;
  resolved.controlAccess = controlAccess(overrides.adminAccess ?? server.admin?.access ?? 'auto', adminApiKey, resolved.host);

  const deployments = new Map<string, ResolvedDeployment>();
  const resolveOne = (name: string, deployment: Deployment) => withLatency(resolveDeployment(name, deployment), overrides.latency);
  const defined = overrides.deployments && source.embeddedDefault ? {} : scenarios.deployments;
  for (const [name, deployment] of Object.entries({ ...defined, ...overrides.deployments }))
    deployments.set(name, resolveOne(name, deployment));
  let merged = overrides.record ? { ...scenarios, record: { ...scenarios.record, ...overrides.record } } : scenarios;
  if (overrides.replay) merged = { ...merged, replay: { ...merged.replay, ...overrides.replay } };
  const config: SimConfig = {
    server: resolved,
    deployments,
    resources: resolveResources(scenarios.resources, resolved.region, deployments, resolveOne),
    scenarios: merged,
    templates: resolveTemplateLimits(scenarios.templates),
    webhooks: resolveWebhooks(scenarios.webhooks),
    source,
  };
  if (overrides.undefinedDeployments) {
    config.undefinedDeployment = (name, operation) => {
      const deployment = undefinedDeployment(name, operation);
      return deployment && withLatency(resolveDeployment(name, deployment), overrides.latency);
    };
  }
  return config;
}

/** A deployment with the environment's latency (LATENCY_OPENAI_*) over its own, for the operations it serves. */
function withLatency(deployment: ResolvedDeployment, latency: LegacyLatency | undefined): ResolvedDeployment {
  const profile = legacyLatencyFor(deployment.operations, latency);
  if (!profile) return deployment;
  const merged = mergeProfiles(deployment.latency, profile);
  deployment.latency = merged;
  // a router's routes are copies of it made before the environment's latency was known
  for (const route of deployment.router?.routes ?? []) route.deployment.latency = merged;
  return deployment;
}

/** The scenarios file's `webhooks`, with every setting given. */
export type ResolvedWebhooks = Required<WebhookSettings>;

/** The scenarios file's `webhooks`, with the schema's defaults for what it leaves out. */
export function resolveWebhooks(webhooks: WebhookSettings = {}): ResolvedWebhooks {
  return {
    endpoints: webhooks.endpoints ?? [],
    timeoutMs: webhooks.timeoutMs ?? schemaDefault('WebhookSettings', 'timeoutMs'),
    retryDelaysSeconds: webhooks.retryDelaysSeconds ?? schemaDefault('WebhookSettings', 'retryDelaysSeconds'),
    maxPending: webhooks.maxPending ?? schemaDefault('WebhookSettings', 'maxPending'),
    maxAttemptsListed: webhooks.maxAttemptsListed ?? schemaDefault('WebhookSettings', 'maxAttemptsListed'),
  };
}

/** The scenarios file's `templates`, with the schema's defaults for what it leaves out. */
export function resolveTemplateLimits(templates: TemplateSettings = {}): TemplateLimits {
  return {
    renderLimitMs: templates.renderLimitMs ?? schemaDefault('TemplateSettings', 'renderLimitMs'),
    memoryLimit: templates.memoryLimit ?? schemaDefault('TemplateSettings', 'memoryLimit'),
    parseLimit: templates.parseLimit ?? schemaDefault('TemplateSettings', 'parseLimit'),
  };
}

/**
 * Beyond loopback, a control API without a key is read-only unless opened on purpose: it can replace every
 * answer, and read the journal's requests. `off` wins over a key; a key wins over the rest.
 */
function controlAccess(setting: AdminAccess, adminApiKey: string | undefined, host: string): ResolvedServer['controlAccess'] {
  if (setting === 'off') return 'off';
  if (adminApiKey !== undefined) return 'key';
  if (setting === 'auto') return isLoopbackHost(host) ? 'open' : 'read-only';
  return setting;
}

function resolveState(state: NonNullable<ServerSettings['state']>, redisUrl: string | undefined): ResolvedState {
  const url = redisUrl ?? state.url;
  const resolved: ResolvedState = {
    store: redisUrl === undefined ? (state.store ?? schemaDefault('ServerSettings', 'state', 'store')) : 'redis',
    keyPrefix: state.keyPrefix ?? schemaDefault('ServerSettings', 'state', 'keyPrefix'),
    connectTimeoutMs: state.connectTimeoutMs ?? schemaDefault('ServerSettings', 'state', 'connectTimeoutMs'),
    commandTimeoutMs: state.commandTimeoutMs ?? schemaDefault('ServerSettings', 'state', 'commandTimeoutMs'),
    whenUnavailable: state.whenUnavailable ?? schemaDefault('ServerSettings', 'state', 'whenUnavailable'),
  };
  if (url !== undefined) resolved.url = url;
  return resolved;
}

function resolveFiles(files: NonNullable<ServerSettings['files']>): ResolvedFiles {
  const resolved: ResolvedFiles = {
    maxBytes: files.maxBytes ?? schemaDefault('ServerSettings', 'files', 'maxBytes'),
    maxFileBytes: files.maxFileBytes ?? schemaDefault('ServerSettings', 'files', 'maxFileBytes'),
    maxBatchFileBytes: files.maxBatchFileBytes ?? schemaDefault('ServerSettings', 'files', 'maxBatchFileBytes'),
    retentionSeconds: files.retentionSeconds ?? schemaDefault('ServerSettings', 'files', 'retentionSeconds'),
  };
  if (files.dir !== undefined) resolved.dir = files.dir;
  return resolved;
}

function resolveMemory(memory: NonNullable<ServerSettings['memory']>): ResolvedMemory {
  const bounds = (name: keyof ResolvedMemory): MemoryBounds => ({
    maxEntries: memory[name]?.maxEntries ?? schemaDefault('ServerSettings', 'memory', name, 'maxEntries'),
    maxBytes: memory[name]?.maxBytes ?? schemaDefault('ServerSettings', 'memory', name, 'maxBytes'),
  });
  return {
    answerCache: bounds('answerCache'),
    promptCache: bounds('promptCache'),
    storedResponses: bounds('storedResponses'),
    videoJobs: bounds('videoJobs'),
    testIds: bounds('testIds'),
  };
}

function resolveDeployment(name: string, deployment: Deployment): ResolvedDeployment {
  // The loader has already refused a deployment whose model is unknown and whose operations are not listed.
  const family = modelFamily(deployment.model);
  const resolved: ResolvedDeployment = {
    name,
    model: deployment.model,
    operations: new Set(deployment.operations ?? family?.operations ?? []),
    tokenizer: deployment.tokenizer ?? family?.tokenizer ?? 'o200k_base',
    contextWindow: deployment.contextWindow ?? family?.contextWindow ?? 128000,
    maxOutputTokens: deployment.maxOutputTokens ?? family?.maxOutputTokens ?? 4096,
    rpmPer1000Tpm: family?.rpmPer1000Tpm ?? 6,
    reasoning: family?.reasoning ?? false,
    promptCaching: deployment.promptCaching ?? cachesPrompts(deployment.model),
  };
  const dimensions = deployment.embeddingDimensions ?? family?.embeddingDimensions;
  if (dimensions !== undefined) resolved.embeddingDimensions = dimensions;
  if (deployment.rateLimit) resolved.rateLimit = deployment.rateLimit;
  if (deployment.latency) resolved.latency = deployment.latency;
  if (resolved.operations.has('videos')) resolved.video = resolveVideoTiming(deployment.video);
  if (resolved.operations.has('realtime')) resolved.realtime = resolveRealtimeLimits(deployment.realtime);
  if (deployment.contentFilter) {
    const { streaming = 'default', protectedMaterial = false } = deployment.contentFilter;
    resolved.contentFilter = { streaming, protectedMaterial };
  }
  if (deployment.realtime?.utterances?.length) resolved.utterances = deployment.realtime.utterances;
  if (deployment.spilloverDeployment !== undefined) resolved.spilloverDeployment = deployment.spilloverDeployment;
  if (deployment.sku === 'GlobalBatch' || deployment.sku === 'DataZoneBatch') resolved.batch = resolveBatch(deployment.sku, deployment);
  if (isModelRouter(deployment.model)) resolved.router = resolveRouter(resolved, deployment.router);
  return resolved;
}

function resolveBatch(sku: ResolvedBatchDeployment['sku'], deployment: Deployment): ResolvedBatchDeployment {
  const batch = deployment.batch ?? {};
  const phase = (name: 'validating' | 'inProgress' | 'finalizing' | 'cancelling'): Distribution =>
    batch[name] ?? schemaDefault('BatchSettings', name);
  return {
    sku,
    enqueuedTokens: batch.enqueuedTokens ?? defaultEnqueuedTokens(sku, deployment.model),
    validating: phase('validating'),
    inProgress: phase('inProgress'),
    finalizing: phase('finalizing'),
    cancelling: phase('cancelling'),
  };
}

/**
 * Whether a model caches prompts when its deployment does not say: the Azure prompt caching page names "all Azure
 * OpenAI models GPT-4o or newer", which are the chat models on the o200k tokenizer.
 */
function cachesPrompts(model: string): boolean {
  const family = modelFamily(model);
  return family !== undefined && family.tokenizer === 'o200k_base' && family.operations.some((op) => op === 'chat' || op === 'responses');
}
