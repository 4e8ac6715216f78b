/** Dot product; the cosine for the unit vectors `embed` returns. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Euclidean length. */
export function norm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  return Math.sqrt(sum);
}

/** Options for a model at its native size, or truncated to `dimensions`. */
export function optionsFor(model: string, dimensions?: number): { model: string; dimensions: number; fullDimensions: number } {
  const fullDimensions = model.includes('large') ? 3072 : 1536;
  return { model, dimensions: dimensions ?? fullDimensions, fullDimensions };
}
