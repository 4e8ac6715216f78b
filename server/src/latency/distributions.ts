import type { Distribution } from '../generated/scenarios.ts';
import { createRandom } from '../generate/random.ts';

/** The z-score of the 99th percentile of the standard normal distribution. */
const Z_P99 = 2.326347874;

/** The seed of samplers that are given none, so that a run is repeatable from one start to the next. */
const DEFAULT_SEED = 'aoai-sim-latency';

// Each unseeded sampler takes the next number, so two samplers never replay the same sequence while a run
// (which creates them in the same order) stays reproducible.
let unseeded = 0;

/**
 * A function that draws durations, in milliseconds (never below 0), from `distribution`. A plain number is a
 * fixed duration. The distribution's own `seed` wins over `seed`; with neither, a default seed combined with
 * a counter is used. Parameters the semantic checks require but that are missing count as 0.
 */
export function sampler(distribution: Distribution, seed?: string | number): () => number {
  if (typeof distribution === 'number') return constant(distribution);
  const next = () => random(distribution.seed ?? seed);
  switch (distribution.distribution) {
    case 'fixed':
      return constant(distribution.value ?? 0);
    case 'uniform': {
      const min = distribution.min ?? 0;
      const span = Math.max(0, (distribution.max ?? min) - min);
      if (span === 0) return constant(min);
      const uniform = next();
      return () => min + uniform() * span;
    }
    case 'normal': {
      const mean = distribution.mean ?? 0;
      const stdDev = distribution.stdDev ?? 0;
      if (stdDev === 0) return constant(mean);
      const gaussian = standardNormal(next());
      // clamped rather than redrawn: the mass below 0 lands on 0, which is what "never below 0" promises
      return () => Math.max(0, mean + stdDev * gaussian());
    }
    case 'lognormal': {
      const median = distribution.median ?? 0;
      if (median <= 0) return constant(0);
      const mu = Math.log(median);
      const sigma = Math.max(0, (Math.log(distribution.p99 ?? median) - mu) / Z_P99);
      if (sigma === 0) return constant(median);
      const gaussian = standardNormal(next());
      return () => Math.exp(mu + sigma * gaussian());
    }
  }
}

/** The value every draw of `distribution` returns when it has no spread; undefined when it varies. */
export function fixedValue(distribution: Distribution | undefined): number | undefined {
  if (distribution === undefined) return 0;
  if (typeof distribution === 'number') return Math.max(0, distribution);
  switch (distribution.distribution) {
    case 'fixed':
      return Math.max(0, distribution.value ?? 0);
    case 'uniform':
      return (distribution.max ?? 0) <= (distribution.min ?? 0) ? Math.max(0, distribution.min ?? 0) : undefined;
    case 'normal':
      return (distribution.stdDev ?? 0) === 0 ? Math.max(0, distribution.mean ?? 0) : undefined;
    case 'lognormal':
      if ((distribution.median ?? 0) <= 0) return 0;
      return (distribution.p99 ?? distribution.median) === distribution.median ? distribution.median : undefined;
  }
}

function constant(value: number): () => number {
  const ms = Math.max(0, value);
  return () => ms;
}

function random(seed: string | number | undefined): () => number {
  return createRandom(seed ?? `${DEFAULT_SEED}\u0000${unseeded++}`).next;
}

/** Box–Muller on a seeded uniform source; each pair of uniforms gives two normals, so the second is kept. */
function standardNormal(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    // 1 − u is in (0, 1], which keeps log() finite
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
