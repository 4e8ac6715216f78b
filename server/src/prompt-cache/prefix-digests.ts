import { createHash } from 'node:crypto';

/** The service caches no prompt shorter than this many tokens. */
export const MIN_CACHED_TOKENS = 1024;
/** Past the minimum, the cached part of a prompt grows in steps of this many tokens. */
export const CACHE_STEP_TOKENS = 128;

/**
 * Digests of a prompt's prefixes at every 128-token boundary from 1,024 tokens on, shortest first: the i-th
 * digest stands for the first 1,024 + 128·i tokens. Each digest covers its whole prefix (one running hash, copied
 * at each boundary), so two prompts share a digest only when they share that whole prefix. Only the digests are
 * kept, never the prompt. Undefined for a prompt too short to be cached.
 */
export function prefixDigests(tokens: readonly number[]): string[] | undefined {
  if (tokens.length < MIN_CACHED_TOKENS) return undefined;
  const running = createHash('sha256');
  const digests: string[] = [];
  const block = new Uint32Array(CACHE_STEP_TOKENS);
  const blocks = Math.floor(tokens.length / CACHE_STEP_TOKENS);
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < CACHE_STEP_TOKENS; i++) block[i] = tokens[b * CACHE_STEP_TOKENS + i]!;
    running.update(block);
    if ((b + 1) * CACHE_STEP_TOKENS >= MIN_CACHED_TOKENS) digests.push(running.copy().digest('base64url'));
  }
  return digests;
}

/** The tokens a prefix of `matched` digests (see prefixDigests) stands for. */
export function tokensOfPrefix(matched: number): number {
  return matched === 0 ? 0 : MIN_CACHED_TOKENS + (matched - 1) * CACHE_STEP_TOKENS;
}
