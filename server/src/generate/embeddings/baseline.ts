/**
 * Typical cosine similarity between unrelated texts for a model. Real embedding spaces are
 * anisotropic: ada-002 scores almost any two texts around 0.7, text-embedding-3 around 0.1.
 * Applications tune thresholds against those numbers, so the simulator reproduces them
 * (rankings are unaffected: cosines become baseline + (1 − baseline) × feature cosine).
 */
export function baselineSimilarity(model: string): number {
  return /(^|-)ada(-|$)/i.test(model) ? 0.7 : 0.1;
}
