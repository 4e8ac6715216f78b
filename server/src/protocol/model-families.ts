/*
 * What each model family accepts on chat completions, as data: the api-version it needs on the dated routes,
 * whether it reads images, and how it refuses each parameter it does not take. Sources: the Azure docs'
 * reasoning models page (articles/ai-foundry/openai/how-to/reasoning.md: "API & feature support" and "Not
 * supported"), and the service's error bodies quoted in public issues (named per rule below).
 */

/** How a family refuses one parameter; the wording of each is in model-gate.ts. */
export type ParameterRule =
  /** "Unsupported parameter: 'top_p' is not supported with this model." (unsupported_parameter) */
  | { refusal: 'unsupported' }
  /** "Unsupported value: 'temperature' does not support 0.5 with this model. Only the default (1) value is supported." */
  | { refusal: 'default-only'; default: number }
  /** "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." */
  | { refusal: 'use-instead'; instead: string }
  /** "Unknown parameter: 'reasoning_effort'." (unknown_parameter), o1-mini's answer. */
  | { refusal: 'unknown' }
  /** "Unrecognized request argument supplied: reasoning_effort", a non-reasoning model's answer. */
  | { refusal: 'unrecognized' };

export interface ModelFamilyRules {
  /** The family's name in docs/conformance.md. */
  family: string;
  /** Matched against the model name, lower-cased; the first family that matches applies. */
  pattern: RegExp;
  /** The oldest api-version a dated route serves the model on (the v1 routes serve it always). */
  firstApiVersion?: string;
  /** Whether `image_url` content parts are read; without vision they are refused. */
  vision: boolean;
  /**
   * Whether chat takes audio (`modalities: ["audio"]`, `input_audio` parts), and then requires it: the audio models
   * answer a request with no audio in or out with 400 (see operations/chat/chat-audio.ts).
   */
  audio?: boolean;
  /** Chat completions parameters refused whatever the api-version, checked in this order. */
  parameters: Readonly<Record<string, ParameterRule>>;
  /** The same for the Responses API; a dotted key names a field inside a parameter (`reasoning.effort`). */
  responses: Readonly<Record<string, ParameterRule>>;
}

const UNSUPPORTED: ParameterRule = { refusal: 'unsupported' };

/** "Not supported" on the reasoning models page; o-series bodies in obot#2862, lobehub#7528, langchain4j#3258. */
const REASONING_REFUSALS: Readonly<Record<string, ParameterRule>> = {
  top_p: UNSUPPORTED,
  presence_penalty: UNSUPPORTED,
  frequency_penalty: UNSUPPORTED,
  logprobs: UNSUPPORTED,
  top_logprobs: UNSUPPORTED,
  logit_bias: UNSUPPORTED,
  max_tokens: { refusal: 'use-instead', instead: 'max_completion_tokens' },
};

/** "Parallel Tool Calls: -" for every o-series model; the body in semantic-kernel#10365 and fast-agent#279. */
const O_SERIES_REFUSALS: Readonly<Record<string, ParameterRule>> = { ...REASONING_REFUSALS, parallel_tool_calls: UNSUPPORTED };

/** o1 and o3-mini refuse temperature outright (obot#2862, cline#2643); o3 and o4-mini take only 1 (vscode#261278). */
const TEMPERATURE_REFUSED = { temperature: UNSUPPORTED } as const;
const TEMPERATURE_DEFAULT_ONLY = { temperature: { refusal: 'default-only', default: 1 } } as const;

/** Sent to a model without reasoning, reasoning_effort is an unknown argument (copilot-sdk#2695, Budibase#17211). */
const NO_REASONING: Readonly<Record<string, ParameterRule>> = { reasoning_effort: { refusal: 'unrecognized' } };

/**
 * On the Responses API a reasoning model refuses the sampling parameters as on chat, and a model without reasoning
 * refuses `reasoning.effort` (BoundaryML/baml#2708, on gpt-4.1).
 */
const RESPONSES_TEMPERATURE_REFUSED = { ...TEMPERATURE_REFUSED, top_p: UNSUPPORTED } as const;
const RESPONSES_TEMPERATURE_DEFAULT_ONLY = { ...TEMPERATURE_DEFAULT_ONLY, top_p: UNSUPPORTED } as const;
const RESPONSES_NO_REASONING: Readonly<Record<string, ParameterRule>> = { 'reasoning.effort': UNSUPPORTED };

/** "Model {model} is enabled only for api versions 2024-12-01-preview and later" (continue#10219, semantic-kernel#12268). */
const O_SERIES_FIRST_VERSION = '2024-12-01-preview';

export const MODEL_FAMILIES: readonly ModelFamilyRules[] = [
  {
    family: 'o1-mini, o1-preview',
    pattern: /^o1-(mini|preview)/,
    vision: false,
    // o1-mini answers reasoning_effort in its own words (llama_index#17731, litellm#11819)
    parameters: { ...TEMPERATURE_REFUSED, ...O_SERIES_REFUSALS, reasoning_effort: { refusal: 'unknown' } },
    responses: RESPONSES_TEMPERATURE_REFUSED,
  },
  {
    family: 'o1',
    pattern: /^o1/,
    firstApiVersion: O_SERIES_FIRST_VERSION,
    vision: true,
    parameters: { ...TEMPERATURE_REFUSED, ...O_SERIES_REFUSALS },
    responses: RESPONSES_TEMPERATURE_REFUSED,
  },
  {
    family: 'o3-mini',
    pattern: /^o3-mini/,
    firstApiVersion: O_SERIES_FIRST_VERSION,
    vision: false,
    parameters: { ...TEMPERATURE_REFUSED, ...O_SERIES_REFUSALS },
    responses: RESPONSES_TEMPERATURE_REFUSED,
  },
  {
    family: 'o3, o4-mini',
    pattern: /^o3|^o4-mini/,
    firstApiVersion: O_SERIES_FIRST_VERSION,
    vision: true,
    parameters: { ...TEMPERATURE_DEFAULT_ONLY, ...O_SERIES_REFUSALS },
    responses: RESPONSES_TEMPERATURE_DEFAULT_ONLY,
  },
  // the audio models take text and audio, not images (Azure's audio completions quickstart: "Modality input: Text, Audio")
  {
    family: 'gpt-4o audio, gpt-audio',
    pattern: /^gpt-4o(-mini)?-audio|^gpt-audio/,
    vision: false,
    audio: true,
    parameters: NO_REASONING,
    responses: RESPONSES_NO_REASONING,
  },
  // gpt-5-chat is not a reasoning model; what it refuses is not documented, so it refuses nothing here
  { family: 'gpt-5-chat', pattern: /^gpt-5(\.\d+)?-chat/, vision: true, parameters: {}, responses: {} },
  // the gpt-5 reasoning models take parallel tool calls ("Parallel Tool Calls: ✅")
  {
    family: 'gpt-5',
    pattern: /^gpt-5/,
    vision: true,
    parameters: { ...TEMPERATURE_DEFAULT_ONLY, ...REASONING_REFUSALS },
    responses: RESPONSES_TEMPERATURE_DEFAULT_ONLY,
  },
  {
    family: 'gpt-4o, gpt-4.1, gpt-4.5',
    pattern: /^gpt-4(o|\.1|\.5)/,
    vision: true,
    parameters: NO_REASONING,
    responses: RESPONSES_NO_REASONING,
  },
  {
    family: 'gpt-4 turbo, gpt-4 vision',
    pattern: /^gpt-4-(turbo|vision)/,
    vision: true,
    parameters: NO_REASONING,
    responses: RESPONSES_NO_REASONING,
  },
  // "Invalid content type. image_url is only supported by certain models." (browser-use/web-ui#274, on gpt-4)
  {
    family: 'gpt-4, gpt-4-32k, gpt-4 1106/0125',
    pattern: /^gpt-4/,
    vision: false,
    parameters: NO_REASONING,
    responses: RESPONSES_NO_REASONING,
  },
  {
    family: 'gpt-35-turbo',
    pattern: /^gpt-35-turbo|^gpt-3\.5-turbo/,
    vision: false,
    parameters: NO_REASONING,
    responses: RESPONSES_NO_REASONING,
  },
];
