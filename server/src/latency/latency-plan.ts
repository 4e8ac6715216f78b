import type { Distribution, LatencyProfile } from '../generated/scenarios.ts';
import { fixedValue, sampler } from './distributions.ts';
import { loadFactor } from './load-factor.ts';

/** The timing of one request: durations in ms, already multiplied by the load when it started. */
export interface RequestTiming {
  /** True when the request waits for nothing: callers skip pacing and sleeping altogether. */
  readonly zero: boolean;
  /** The load factor applied to every duration, fixed when the request started. */
  readonly factor: number;
  /** How many tokens a stream chunk carries. */
  readonly tokensPerChunk: number;
  /** A draw of the time to the first content chunk. */
  ttftMs(): number;
  /** A draw of the time per token; a stream draws once per chunk. */
  itlMs(): number;
  /**
   * When a non-streamed answer of `completionTokens` is sent: TTFT + tokens × ITL, with one ITL draw per
   * chunk of tokensPerChunk tokens, as a stream of the same answer draws them (past 64 chunks, tokens × the
   * mean of 64 draws: the same expectation at a bounded cost).
   */
  completionDelayMs(completionTokens: number): number;
  /** When an embeddings answer is sent: perRequest + perInputToken × `inputTokens`. */
  embeddingDelayMs(inputTokens: number): number;
}

/** A profile's samplers, made once and shared by every request under that profile. */
export interface LatencyPlan {
  /** True when the profile delays nothing. */
  readonly zero: boolean;
  readonly tokensPerChunk: number;
  /**
   * The timing of a request that starts with `inFlight` requests (itself included) on its deployment, every
   * duration multiplied by `scale` besides (a drill's or a fault's latency factor).
   */
  forRequest(inFlight?: number, scale?: number): RequestTiming;
}

const ZERO_TIMING: RequestTiming = {
  zero: true,
  factor: 1,
  tokensPerChunk: 1,
  ttftMs: () => 0,
  itlMs: () => 0,
  completionDelayMs: () => 0,
  embeddingDelayMs: () => 0,
};

const COMPONENTS = ['ttft', 'itl', 'perRequest', 'perInputToken'] as const;

/** The most ITL draws a non-streamed answer's delay takes; longer answers scale the mean of these. */
const MAX_ITL_DRAWS = 64;

/**
 * A scenario rule's profile over its deployment's: each setting the rule gives replaces the deployment's
 * whole (a distribution or the load model is one unit, never mixed field by field).
 */
export function mergeProfiles(base: LatencyProfile | undefined, override: LatencyProfile | undefined): LatencyProfile | undefined {
  if (override === undefined) return base;
  if (base === undefined) return override;
  const given = Object.fromEntries(Object.entries(override).filter(([, value]) => value !== undefined)) as LatencyProfile;
  return { ...base, ...given };
}

/**
 * The plan for `profile`. Samplers live in the plan, so a distribution's `seed` makes the sequence across
 * requests repeatable; `seed` seeds the components that have none (each its own stream).
 */
export function latencyPlan(profile: LatencyProfile | undefined, seed?: string | number): LatencyPlan {
  const tokensPerChunk = Math.max(1, Math.floor(profile?.tokensPerChunk ?? 1));
  if (profile === undefined || COMPONENTS.every((key) => fixedValue(profile[key]) === 0)) {
    const timing = tokensPerChunk === 1 ? ZERO_TIMING : { ...ZERO_TIMING, tokensPerChunk };
    return { zero: true, tokensPerChunk, forRequest: () => timing };
  }
  const draw = (key: (typeof COMPONENTS)[number]) => component(profile[key], seed === undefined ? undefined : `${seed}\u0000${key}`);
  const ttft = draw('ttft');
  const itl = draw('itl');
  const perRequest = draw('perRequest');
  const perInputToken = draw('perInputToken');

  return {
    zero: false,
    tokensPerChunk,
    forRequest(inFlight = 1, scale = 1): RequestTiming {
      const factor = loadFactor(profile.load, inFlight) * scale;
      return {
        zero: false,
        factor,
        tokensPerChunk,
        ttftMs: () => factor * ttft.next(),
        itlMs: () => factor * itl.next(),
        completionDelayMs(completionTokens) {
          const tokens = Math.max(0, Math.floor(completionTokens));
          let total = ttft.next();
          // a constant ITL needs no draws: long answers then cost O(1)
          if (itl.fixed !== undefined) total += tokens * itl.fixed;
          else if (Math.ceil(tokens / tokensPerChunk) <= MAX_ITL_DRAWS)
            for (let left = tokens; left > 0; left -= tokensPerChunk) total += Math.min(left, tokensPerChunk) * itl.next();
          else {
            // the same expectation as a draw per chunk, at a bounded cost (a draw is ~60 ns; answers run to 16k tokens)
            let sum = 0;
            for (let i = 0; i < MAX_ITL_DRAWS; i++) sum += itl.next();
            total += (tokens * sum) / MAX_ITL_DRAWS;
          }
          return factor * total;
        },
        embeddingDelayMs: (inputTokens) => factor * (perRequest.next() + Math.max(0, inputTokens) * perInputToken.next()),
      };
    },
  };
}

interface Component {
  next: () => number;
  /** Set when every draw is this value. */
  fixed: number | undefined;
}

function component(distribution: Distribution | undefined, seed: string | undefined): Component {
  const fixed = fixedValue(distribution);
  if (fixed !== undefined || distribution === undefined) {
    const value = fixed ?? 0;
    return { next: () => value, fixed: value };
  }
  return { next: sampler(distribution, seed), fixed: undefined };
}

// Keyed by the configuration objects themselves, which stay the same while a configuration is loaded and are
// dropped with it, so the cache neither goes stale nor grows across reloads.
const NO_PROFILE: LatencyProfile = {};
const plans = new WeakMap<LatencyProfile, WeakMap<LatencyProfile, LatencyPlan>>();

/**
 * The plan for a deployment's profile under a scenario rule's override, made on first use and kept, so that
 * samplers (and their seeded sequences) last as long as the configuration.
 */
export function planFor(base: LatencyProfile | undefined, override?: LatencyProfile): LatencyPlan {
  let byOverride = plans.get(base ?? NO_PROFILE);
  if (!byOverride) plans.set(base ?? NO_PROFILE, (byOverride = new WeakMap<LatencyProfile, LatencyPlan>()));
  let plan = byOverride.get(override ?? NO_PROFILE);
  if (plan === undefined) {
    plan = latencyPlan(mergeProfiles(base, override));
    byOverride.set(override ?? NO_PROFILE, plan);
  }
  return plan;
}
