import { createRandom, type Random } from '../generate/random.ts';

/** How a resource that is down fails: the service's error, a hang until the client gives up, or a reset. */
export type DownMode = 'status' | 'timeout' | 'reset';

/** `POST /__sim/resources/{name}/down`: the region goes dark. */
export interface DownSettings {
  /** status (default): every request answers `status`; timeout: nothing is answered; reset: the connection is reset. */
  mode?: DownMode;
  /** The status mode's status, 503 by default, with the service's body (as a status fault renders it). */
  status?: number;
  /** The condition lifts itself after this long; absent: until `up`. */
  durationMs?: number;
}

/** `POST /__sim/resources/{name}/degrade`: the region still answers, worse. */
export interface DegradeSettings {
  /** TTFT and inter-token latency multiplied by this (≥ 1). */
  latencyFactor?: number;
  /** The service's "temporary quota adjustment": every deployment's TPM, RPM and PTU capacity multiplied (0 < f ≤ 1). */
  quotaFactor?: number;
  /** This share of requests (0..1) answered `status` (503 by default), as a status fault answers. */
  errorRate?: number;
  status?: number;
  /** Provisioned deployments refuse with their 429, as at 100% utilization, so spillover or a fallback takes over. */
  ptuSaturated?: boolean;
  durationMs?: number;
  /** After `durationMs` (or at once without it), the factors ease back to normal linearly over this long. */
  recoverOverMs?: number;
}

/** A condition as asked for. */
export type ConditionSettings = ({ kind: 'down' } & DownSettings) | ({ kind: 'degrade' } & DegradeSettings);

/** What a condition does to a request that arrives now: read by the data plane's stages. */
export interface ConditionEffect {
  /** Set when the resource is down. */
  readonly down: DownMode | undefined;
  readonly status: number;
  readonly latencyFactor: number;
  readonly quotaFactor: number;
  readonly errorRate: number;
  readonly ptuSaturated: boolean;
}

const DEFAULT_STATUS = 503;
/** Recovery moves in hundredths, so that the quota's scaled settings, cached per factor, stay few. */
const RECOVERY_STEPS = 100;

/**
 * A condition in force on one resource, on the simulator's monotonic clock: full from `setAt` until `holdUntil`,
 * then easing back over the recovery, lifted at `liftsAt`. Pure but for the seeded stream errorRate draws from.
 */
export class ActiveCondition {
  readonly settings: ConditionSettings;
  readonly setAt: number;
  readonly holdUntil: number;
  readonly liftsAt: number;
  readonly #full: ConditionEffect;
  readonly #random: Random;

  constructor(settings: ConditionSettings, now: number, seed: string) {
    this.settings = settings;
    this.setAt = now;
    this.holdUntil =
      settings.durationMs === undefined
        ? settings.kind === 'degrade' && settings.recoverOverMs
          ? now
          : Infinity
        : now + settings.durationMs;
    this.liftsAt = this.holdUntil + (settings.kind === 'degrade' ? (settings.recoverOverMs ?? 0) : 0);
    this.#full = fullEffect(settings);
    this.#random = createRandom(seed);
  }

  /** The status the resource reports: down or degraded (until lifted, when it is no longer asked). */
  get status(): 'down' | 'degraded' {
    return this.settings.kind === 'down' ? 'down' : 'degraded';
  }

  /** Its effect at `now`, or undefined once it has lifted itself. */
  effectAt(now: number): ConditionEffect | undefined {
    if (now >= this.liftsAt) return undefined;
    if (now < this.holdUntil) return this.#full;
    const span = this.liftsAt - this.holdUntil;
    const eased = Math.floor(((now - this.holdUntil) / span) * RECOVERY_STEPS) / RECOVERY_STEPS;
    const full = this.#full;
    return {
      down: full.down,
      status: full.status,
      latencyFactor: full.latencyFactor + (1 - full.latencyFactor) * eased,
      quotaFactor: full.quotaFactor + (1 - full.quotaFactor) * eased,
      errorRate: full.errorRate * (1 - eased),
      ptuSaturated: full.ptuSaturated,
    };
  }

  /** Whether a request answered under `effect` is one of its errorRate's share. */
  fails(effect: ConditionEffect): boolean {
    return effect.errorRate > 0 && this.#random.next() < effect.errorRate;
  }

  /** A slow recovery from now: the effect as it stands at `now`, easing to normal over `overMs`. */
  recovering(now: number, overMs: number, seed: string): ActiveCondition | undefined {
    const effect = this.effectAt(now);
    if (effect === undefined || effect.down !== undefined || overMs <= 0) return undefined;
    const settings: ConditionSettings = {
      kind: 'degrade',
      recoverOverMs: overMs,
      ptuSaturated: effect.ptuSaturated,
      status: effect.status,
    };
    if (effect.latencyFactor !== 1) settings.latencyFactor = effect.latencyFactor;
    if (effect.quotaFactor !== 1) settings.quotaFactor = effect.quotaFactor;
    if (effect.errorRate !== 0) settings.errorRate = effect.errorRate;
    return new ActiveCondition(settings, now, seed);
  }
}

function fullEffect(settings: ConditionSettings): ConditionEffect {
  if (settings.kind === 'down') {
    return {
      down: settings.mode ?? 'status',
      status: settings.status ?? DEFAULT_STATUS,
      latencyFactor: 1,
      quotaFactor: 1,
      errorRate: 0,
      ptuSaturated: false,
    };
  }
  return {
    down: undefined,
    status: settings.status ?? DEFAULT_STATUS,
    latencyFactor: settings.latencyFactor ?? 1,
    quotaFactor: settings.quotaFactor ?? 1,
    errorRate: settings.errorRate ?? 0,
    ptuSaturated: settings.ptuSaturated ?? false,
  };
}
