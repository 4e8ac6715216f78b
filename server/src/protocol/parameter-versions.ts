/*
 * Which api-version first has each request parameter, per operation: the service refuses a parameter its
 * api-version's spec does not have as an unrecognized argument. One row per parameter, with the spec file of
 * Azure/azure-rest-api-specs (`specification/cognitiveservices/data-plane/AzureOpenAI/inference/`) where it first
 * appears. A parameter dated X is in every version dated X or later, preview or stable (as `supports` reads the
 * versions). Parameters of the oldest specs (`messages`, `temperature`, `n`, `stop`, …) and the ones newer than
 * every dated spec (`verbosity`, `prompt_cache_key`, …: the v1 routes' only) are not listed: no dated version
 * refuses them here.
 */

/** One parameter's first api-version (its date) and the spec that shows it. */
export interface ParameterSince {
  parameter: string;
  since: string;
  spec: string;
}

const PREVIEW = (version: string) => `preview/${version}/inference.json`;
const STABLE = (version: string) => `stable/${version}/inference.json`;

/** Chat completions: every parameter after stable/2023-05-15/inference.json's chat request. */
export const CHAT_PARAMETERS: readonly ParameterSince[] = [
  { parameter: 'functions', since: '2023-07-01', spec: PREVIEW('2023-07-01-preview') },
  { parameter: 'function_call', since: '2023-07-01', spec: PREVIEW('2023-07-01-preview') },
  { parameter: 'tools', since: '2023-12-01', spec: PREVIEW('2023-12-01-preview') },
  { parameter: 'tool_choice', since: '2023-12-01', spec: PREVIEW('2023-12-01-preview') },
  { parameter: 'seed', since: '2023-12-01', spec: PREVIEW('2023-12-01-preview') },
  { parameter: 'response_format', since: '2023-12-01', spec: PREVIEW('2023-12-01-preview') },
  // 2023-12-01-preview sent On Your Data to a separate extensions route (`dataSources`); the chat body has it from 2024-02-01
  { parameter: 'data_sources', since: '2024-02-01', spec: STABLE('2024-02-01') },
  // not in stable/2024-02-01; 2024-03-01-preview is the first whose chat choices carry `logprobs`
  { parameter: 'logprobs', since: '2024-03-01', spec: PREVIEW('2024-03-01-preview') },
  { parameter: 'top_logprobs', since: '2024-03-01', spec: PREVIEW('2024-03-01-preview') },
  // not in stable/2024-06-01; in stable/2024-10-21 (stream_options as its chatCompletionStreamOptions schema)
  { parameter: 'max_completion_tokens', since: '2024-09-01', spec: PREVIEW('2024-09-01-preview') },
  { parameter: 'parallel_tool_calls', since: '2024-09-01', spec: PREVIEW('2024-09-01-preview') },
  { parameter: 'stream_options', since: '2024-09-01', spec: PREVIEW('2024-09-01-preview') },
  // not in stable/2024-10-21
  { parameter: 'reasoning_effort', since: '2024-12-01', spec: PREVIEW('2024-12-01-preview') },
  { parameter: 'store', since: '2024-12-01', spec: PREVIEW('2024-12-01-preview') },
  { parameter: 'metadata', since: '2024-12-01', spec: PREVIEW('2024-12-01-preview') },
  { parameter: 'modalities', since: '2025-01-01', spec: PREVIEW('2025-01-01-preview') },
  { parameter: 'audio', since: '2025-01-01', spec: PREVIEW('2025-01-01-preview') },
  { parameter: 'prediction', since: '2025-01-01', spec: PREVIEW('2025-01-01-preview') },
  { parameter: 'user_security_context', since: '2025-01-01', spec: PREVIEW('2025-01-01-preview') },
];

/**
 * Embeddings: `dimensions` arrived with 2024-03-01-preview (stable from 2024-06-01). `encoding_format` arrived
 * with it too, but is not gated: the SDKs send `encoding_format: "base64"` on every call, old api-versions
 * included. The embeddings request of every spec declares `additionalProperties: true`, so whether the service
 * refuses `dimensions` on an older version or ignores it is not confirmed; it is refused here as issue #18 reports.
 */
export const EMBEDDINGS_PARAMETERS: readonly ParameterSince[] = [
  { parameter: 'dimensions', since: '2024-03-01', spec: PREVIEW('2024-03-01-preview') },
];

/** The gated operations and their rows. */
export const PARAMETER_VERSIONS = { chat: CHAT_PARAMETERS, embeddings: EMBEDDINGS_PARAMETERS } as const;

export type GatedOperation = keyof typeof PARAMETER_VERSIONS;
