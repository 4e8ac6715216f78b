import { hashString, mulberry32 } from './hash.ts';
import { nextPowerOfTwo, walshHadamard } from './walsh-hadamard.ts';

/** Largest full-vector length we build a space for; real models stop at 3,072. */
export const MAX_FULL_DIMENSIONS = 16_384;

// Spaces are keyed by model and size; a handful exist in practice, the bound guards odd configs.
const MAX_CACHED_SPACES = 16;
const MODEL_SALT = 0x9747b28c;
const BIAS_SALT = 0x7a3c_51e3;

/**
 * A model's embedding space: a fixed random orthogonal map from hashed features to dense
 * vectors, H·S·P·H (Hadamard, random signs, random permutation, Hadamard). Two Hadamard
 * layers around a scramble behave like a dense Gaussian projection — every output mixes every
 * feature — while costing O(n log n) per text and a few kilobytes instead of an n×d matrix.
 * Being orthogonal, it preserves the features' cosines exactly on the full `size` outputs;
 * the first d outputs preserve them approximately, which is also what makes prefixes work.
 */
export interface Space {
  /** Number of hash buckets and of mixed outputs: a power of two ≥ the model's full dimensions. */
  readonly size: number;
  /** Seeds feature hashing, so different models place the same word differently. */
  readonly seed: number;
  readonly signs: Float64Array;
  readonly permutation: Uint32Array;
  /** A fixed dense direction shared by all of the model's vectors, with norm `size`. */
  readonly bias: Float64Array;
  /** Scratch for one text's hashed features; calls are synchronous, so one per space suffices. */
  readonly features: Float64Array;
  readonly work: Float64Array;
}

const spaces = new Map<string, Space>();

/** The cached space for a model and full dimension count, built on first use. */
export function spaceFor(model: string, fullDimensions: number): Space {
  const size = nextPowerOfTwo(fullDimensions);
  const key = `${size}\u0000${model}`;
  const cached = spaces.get(key);
  if (cached) return cached;
  const space = buildSpace(model, size);
  if (spaces.size >= MAX_CACHED_SPACES) {
    const oldest = spaces.keys().next();
    if (!oldest.done) spaces.delete(oldest.value);
  }
  spaces.set(key, space);
  return space;
}

function buildSpace(model: string, size: number): Space {
  const seed = hashString(model, MODEL_SALT);
  const random = mulberry32(seed ^ size);
  const signs = new Float64Array(size);
  for (let i = 0; i < size; i++) signs[i] = random() & 1 ? 1 : -1;
  const permutation = new Uint32Array(size);
  for (let i = 0; i < size; i++) permutation[i] = i;
  for (let i = size - 1; i > 0; i--) {
    // Modulo bias is ~size/2^32: irrelevant for a scramble.
    const j = random() % (i + 1);
    const swap = permutation[i]!;
    permutation[i] = permutation[j]!;
    permutation[j] = swap;
  }
  const space: Space = {
    size,
    seed,
    signs,
    permutation,
    bias: new Float64Array(size),
    features: new Float64Array(size),
    work: new Float64Array(size),
  };
  const unit = new Float64Array(size);
  unit[hashString('bias', seed ^ BIAS_SALT) & (size - 1)] = 1;
  space.bias.set(mix(space, unit));
  return space;
}

/**
 * Applies the space's map to `features` (length `size`), which it overwrites. Returns the
 * space's shared work buffer: read it before the next call.
 */
export function mix(space: Space, features: Float64Array): Float64Array {
  const { size, signs, permutation, work } = space;
  walshHadamard(features);
  for (let i = 0; i < size; i++) work[i] = signs[i]! * features[permutation[i]!]!;
  walshHadamard(work);
  return work;
}
