import { BoundedLru, type MemoryBounds, type StoreUsage } from '../memory/index.ts';
import { tokensOfPrefix } from './prefix-digests.ts';

/**
 * The prompt prefixes a deployment has seen, as the service's prompt cache keeps them: a later prompt that starts
 * with one of them reports its tokens as `cached_tokens`. Kept per resource and deployment and per
 * `prompt_cache_key` (which the service folds into its routing, so prompts under different keys do not share a
 * cache), bounded by server.memory.promptCache: the least recently used prefix is forgotten first, as the service
 * forgets a cache left unused.
 *
 * @example
 * const cached = promptCache.cachedTokens('default/gpt-4o', undefined, prefixDigests(tokens) ?? []);
 */
export class PromptCache {
  readonly #seen: BoundedLru<string, true>;

  constructor(bounds: MemoryBounds) {
    this.#seen = new BoundedLru(bounds, () => 4);
  }

  /** The entries and bytes kept (see StoreUsage). */
  get usage(): StoreUsage {
    return this.#seen.usage;
  }

  /**
   * The tokens of the longest prefix of `digests` seen before under `deploymentKey` and `cacheKey`; the longer
   * prefixes are then remembered, so the same prompt sent again is cached in full (to its last 128-token step).
   * Looked for longest first: a repeated prompt costs one lookup (a lookup is about 1 µs).
   */
  cachedTokens(deploymentKey: string, cacheKey: string | undefined, digests: readonly string[]): number {
    const scope = `${deploymentKey}\u0000${cacheKey ?? ''}\u0000`;
    let matched = digests.length;
    while (matched > 0 && this.#seen.get(`${scope}${digests[matched - 1]}`) === undefined) matched--;
    for (let i = matched; i < digests.length; i++) this.#seen.set(`${scope}${digests[i]}`, true);
    return tokensOfPrefix(matched);
  }
}
