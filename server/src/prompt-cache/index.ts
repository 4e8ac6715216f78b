/**
 * Prompt caching as the service reports it: prompts of 1,024 tokens and more whose prefix was seen recently on
 * the same deployment report the tokens of that prefix, in 128-token steps, as `cached_tokens`.
 */
export { CACHE_STEP_TOKENS, MIN_CACHED_TOKENS, prefixDigests } from './prefix-digests.ts';
export { PromptCache } from './prompt-cache.ts';
export { chatPromptSequence, responsesPromptSequence } from './prompt-sequence.ts';
