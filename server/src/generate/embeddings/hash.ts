/**
 * Small integer hashes and a seeded generator. Only 32-bit integer arithmetic, so every
 * process on every platform derives the same features and the same random space.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** murmur3's finaliser: spreads FNV's weak low bits, which we use as bucket indices. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of `text[start, end)`, seeded, then finalised. */
export function hashString(text: string, seed: number, start = 0, end = text.length): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return fmix32(h);
}

/** Order-sensitive combination of two hashes, so "a b" and "b a" differ. */
export function combineHashes(first: number, second: number, seed: number): number {
  return fmix32(Math.imul(first ^ seed, 0x9e3779b1) ^ second);
}

/** Hash of an integer (a token id) under a seed. */
export function hashInteger(value: number, seed: number): number {
  // Token ids fit in 32 bits; the high part keeps larger integers from aliasing silently.
  const high = Math.floor(value / 0x1_0000_0000);
  return fmix32(Math.imul(fmix32(value ^ seed), 0x27d4eb2f) ^ fmix32(high + 0x165667b1));
}

/** mulberry32: a tiny seeded PRNG yielding unsigned 32-bit integers. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
