import { baselineSimilarity } from './baseline.ts';
import { addTextFeatures, addTokenFeatures, addHashed } from './features.ts';
import { hashString } from './hash.ts';
import { MAX_FULL_DIMENSIONS, mix, spaceFor, type Space } from './space.ts';
import { tokenize } from './tokenize.ts';

export interface EmbedOptions {
  /** Model name (not deployment name); it seeds the space, so models disagree like real ones. */
  model: string;
  /** Length of the returned vector: the request's `dimensions`, or `fullDimensions`. */
  dimensions: number;
  /** The model's native length: 1536 for text-embedding-3-small and ada-002, 3072 for -3-large. */
  fullDimensions: number;
  /** Override of the model's typical cosine between unrelated texts, in [0, 0.99]. */
  baseline?: number;
}

// How much the exact raw text counts next to its normalised features: "Hello!" and "hello"
// share all features, and identical vectors for different strings would look like a cache bug.
const EXACT_TEXT = 0.1;
const SALT_EXACT = 0x0e1d_2c3b;
const SALT_TOKENS_EXACT = 0x4f5e_6d7c;

/** A deterministic unit vector for `text`, of length `options.dimensions`. Throws RangeError on impossible sizes. */
export function embed(text: string, options: EmbedOptions): Float32Array {
  const space = checkedSpace(options);
  const features = space.features.fill(0);
  addTextFeatures(features, tokenize(text), space.seed);
  return finish(space, features, hashString(text, space.seed ^ SALT_EXACT), options);
}

/** `embed` for each text, in order. */
export function embedBatch(texts: readonly string[], options: EmbedOptions): Float32Array[] {
  return texts.map((text) => embed(text, options));
}

/**
 * A deterministic unit vector for an array of token ids. The ids are features themselves:
 * equal arrays give equal vectors and overlapping arrays similar ones, but the vector is not
 * the one for the text the tokens decode to (that would need the model's tokenizer).
 */
export function embedTokens(tokens: readonly number[], options: EmbedOptions): Float32Array {
  const space = checkedSpace(options);
  const features = space.features.fill(0);
  addTokenFeatures(features, tokens, space.seed);
  return finish(space, features, hashString(tokens.join(','), space.seed ^ SALT_TOKENS_EXACT), options);
}

function checkedSpace(options: EmbedOptions): Space {
  const { dimensions, fullDimensions } = options;
  if (!Number.isInteger(fullDimensions) || fullDimensions < 1 || fullDimensions > MAX_FULL_DIMENSIONS) {
    throw new RangeError(`fullDimensions must be an integer in [1, ${MAX_FULL_DIMENSIONS}], got ${fullDimensions}`);
  }
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > fullDimensions) {
    throw new RangeError(`dimensions must be an integer in [1, ${fullDimensions}], got ${dimensions}`);
  }
  return spaceFor(options.model, fullDimensions);
}

/**
 * Normalises the features, adds the exact-text feature, maps into the space, adds the model's
 * shared direction and keeps the first `dimensions` outputs, renormalised. Truncating a prefix
 * of the full vector is how text-embedding-3 implements `dimensions` (Matryoshka training).
 */
function finish(space: Space, features: Float64Array, exactHash: number, options: EmbedOptions): Float32Array {
  scale(features, inverseNorm(features));
  addHashed(features, exactHash, EXACT_TEXT);
  const featureNorm = Math.sqrt(sumOfSquares(features, features.length));
  const mixed = mix(space, features);
  const baseline = Math.min(Math.max(options.baseline ?? baselineSimilarity(options.model), 0), 0.99);
  // The mixed text part has norm size × featureNorm and the bias size, so this ratio makes the
  // expected cosine of unrelated texts equal the baseline.
  const biasWeight = Math.sqrt(baseline / (1 - baseline)) * featureNorm;
  const { bias } = space;
  const n = options.dimensions;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const value = mixed[i]! + biasWeight * bias[i]!;
    mixed[i] = value;
    squares += value * value;
  }
  const inverse = squares > 0 ? 1 / Math.sqrt(squares) : 0;
  const vector = new Float32Array(n);
  for (let i = 0; i < n; i++) vector[i] = mixed[i]! * inverse;
  return vector;
}

function sumOfSquares(values: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]! * values[i]!;
  return sum;
}

function inverseNorm(values: Float64Array): number {
  const squares = sumOfSquares(values, values.length);
  return squares > 0 ? 1 / Math.sqrt(squares) : 0;
}

function scale(values: Float64Array, factor: number): void {
  for (let i = 0; i < values.length; i++) values[i] = values[i]! * factor;
}
