import type { Operation } from '../generated/scenarios.ts';

export type TokenizerName = 'o200k_base' | 'cl100k_base';

/** What the service's model families are, for the defaults of a deployment that does not say. */
export interface ModelFamily {
  operations: Operation[];
  tokenizer: TokenizerName;
  contextWindow: number;
  maxOutputTokens: number;
  embeddingDimensions?: number;
  /** Requests per minute granted per 1,000 TPM of quota (the service's RPM ratio). */
  rpmPer1000Tpm: number;
  /** A reasoning model: spends hidden reasoning tokens, takes max_completion_tokens, not max_tokens. */
  reasoning?: boolean;
}

const CHAT: Operation[] = ['chat', 'responses'];

/** Model name patterns, most specific first; matched against the model name without its date. */
const FAMILIES: ReadonlyArray<[RegExp, ModelFamily]> = [
  [
    /^gpt-35-turbo-instruct|^gpt-3\.5-turbo-instruct/,
    { operations: ['completions'], tokenizer: 'cl100k_base', contextWindow: 4097, maxOutputTokens: 4096, rpmPer1000Tpm: 6 },
  ],
  [
    /^gpt-35-turbo|^gpt-3\.5-turbo/,
    { operations: ['chat'], tokenizer: 'cl100k_base', contextWindow: 16385, maxOutputTokens: 4096, rpmPer1000Tpm: 6 },
  ],
  [
    /^gpt-4o-mini-tts|^tts/,
    { operations: ['speech'], tokenizer: 'o200k_base', contextWindow: 4096, maxOutputTokens: 4096, rpmPer1000Tpm: 6 },
  ],
  [
    /^gpt-4o(-mini)?-transcribe|^whisper/,
    {
      operations: ['transcriptions', 'translations'],
      tokenizer: 'o200k_base',
      contextWindow: 16000,
      maxOutputTokens: 2000,
      rpmPer1000Tpm: 6,
    },
  ],
  // the router's own figures are those of its smallest underlying model (2025-05-19: 200,000 in, 32,768 out); a
  // routed request takes the chosen model's (server/src/routing/)
  [/^model-router/, { operations: ['chat'], tokenizer: 'o200k_base', contextWindow: 200000, maxOutputTokens: 32768, rpmPer1000Tpm: 6 }],
  // the audio models answer chat completions only (Azure's audio completions quickstart), with gpt-4o's window
  [
    /^gpt-4o(-mini)?-audio|^gpt-audio/,
    { operations: ['chat'], tokenizer: 'o200k_base', contextWindow: 128000, maxOutputTokens: 16384, rpmPer1000Tpm: 6 },
  ],
  // the realtime models answer on a Realtime API session only (a WebSocket), not chat completions; 32,000 tokens in
  // and 4,096 out, as OpenAI's model pages give them (Azure's pages give no window)
  [
    /^gpt-realtime|^gpt-4o(-mini)?-realtime/,
    { operations: ['realtime'], tokenizer: 'o200k_base', contextWindow: 32000, maxOutputTokens: 4096, rpmPer1000Tpm: 6 },
  ],
  [/^gpt-4o/, { operations: CHAT, tokenizer: 'o200k_base', contextWindow: 128000, maxOutputTokens: 16384, rpmPer1000Tpm: 6 }],
  [/^gpt-4\.1/, { operations: CHAT, tokenizer: 'o200k_base', contextWindow: 1047576, maxOutputTokens: 32768, rpmPer1000Tpm: 6 }],
  [/^gpt-4\.5/, { operations: CHAT, tokenizer: 'o200k_base', contextWindow: 128000, maxOutputTokens: 16384, rpmPer1000Tpm: 6 }],
  [
    /^gpt-5/,
    { operations: CHAT, tokenizer: 'o200k_base', contextWindow: 400000, maxOutputTokens: 128000, rpmPer1000Tpm: 6, reasoning: true },
  ],
  [
    /^gpt-4-(turbo|1106|0125|vision)|^gpt-4-turbo/,
    { operations: ['chat'], tokenizer: 'cl100k_base', contextWindow: 128000, maxOutputTokens: 4096, rpmPer1000Tpm: 6 },
  ],
  [/^gpt-4-32k/, { operations: ['chat'], tokenizer: 'cl100k_base', contextWindow: 32768, maxOutputTokens: 4096, rpmPer1000Tpm: 6 }],
  [/^gpt-4/, { operations: ['chat'], tokenizer: 'cl100k_base', contextWindow: 8192, maxOutputTokens: 4096, rpmPer1000Tpm: 6 }],
  [
    /^gpt-image/,
    { operations: ['images', 'imageEdits'], tokenizer: 'cl100k_base', contextWindow: 4000, maxOutputTokens: 0, rpmPer1000Tpm: 6 },
  ],
  // the video models take no tokens: their quota counts requests, and the figures here are never read
  [/^sora/, { operations: ['videos'], tokenizer: 'o200k_base', contextWindow: 4000, maxOutputTokens: 0, rpmPer1000Tpm: 6 }],
  [/^dall-e/, { operations: ['images'], tokenizer: 'cl100k_base', contextWindow: 4000, maxOutputTokens: 0, rpmPer1000Tpm: 6 }],
  [
    /^o1-mini|^o3-mini/,
    { operations: CHAT, tokenizer: 'o200k_base', contextWindow: 200000, maxOutputTokens: 100000, rpmPer1000Tpm: 0.1, reasoning: true },
  ],
  [
    /^o1/,
    { operations: CHAT, tokenizer: 'o200k_base', contextWindow: 200000, maxOutputTokens: 100000, rpmPer1000Tpm: 1 / 6, reasoning: true },
  ],
  [
    /^o3|^o4-mini/,
    { operations: CHAT, tokenizer: 'o200k_base', contextWindow: 200000, maxOutputTokens: 100000, rpmPer1000Tpm: 1, reasoning: true },
  ],
  [
    /^text-embedding-3-large/,
    {
      operations: ['embeddings'],
      tokenizer: 'cl100k_base',
      contextWindow: 8191,
      maxOutputTokens: 0,
      embeddingDimensions: 3072,
      rpmPer1000Tpm: 6,
    },
  ],
  [
    /^text-embedding/,
    {
      operations: ['embeddings'],
      tokenizer: 'cl100k_base',
      contextWindow: 8191,
      maxOutputTokens: 0,
      embeddingDimensions: 1536,
      rpmPer1000Tpm: 6,
    },
  ],
];

/** The family of a model name such as `gpt-4o-2024-08-06`, or undefined for a model the catalog does not know. */
export function modelFamily(model: string): ModelFamily | undefined {
  const name = model.toLowerCase();
  return FAMILIES.find(([pattern]) => pattern.test(name))?.[1];
}
