import type { ResolvedDeployment } from '../config/resolve-config.ts';
import { schemaDefault } from '../config/schema-defaults.ts';

/** The long window: TPM and RPM are per minute. */
export const MINUTE_MS = 60_000;

/** A deployment's `rateLimit` with every default applied: what the limiter enforces. */
export interface LimitSettings {
  /** Standard deployments: the tokens per minute. */
  tpm?: number;
  /** Requests per minute: given, or derived from `tpm`; for a provisioned deployment only when given. */
  rpm?: number;
  /** The short window requests are also counted over, in ms (1 000 or 10 000). */
  burstMs: number;
  /** The requests any sliding `burstMs` window admits: ceil(rpm × burstMs / 60 s); set when `rpm` is. */
  burstLimit?: number;
  /** The 60 s counts are fixed windows aligned to the epoch minute, not a sliding window. */
  perMinute: boolean;
  /** Provisioned deployments: the tokens per minute the units serve (ptu × tokensPerPtuPerMinute). */
  ptuCapacity?: number;
}

/**
 * The limits a deployment is held to, or undefined when it has none: no `rateLimit`, or one that sets
 * neither `tpm`, `rpm` nor `ptu`. The loader refuses `tpm` with `ptu`; should both arrive anyway, `ptu` wins.
 */
export function limitSettings(deployment: ResolvedDeployment): LimitSettings | undefined {
  // per deployment object: a reload makes new ones, so this never goes stale, and requests skip the schema lookups
  if (settingsOf.has(deployment)) return settingsOf.get(deployment);
  const settings = settingsFor(deployment);
  settingsOf.set(deployment, settings);
  return settings;
}

const settingsOf = new WeakMap<ResolvedDeployment, LimitSettings | undefined>();

/**
 * The deployment's limits under a temporary quota adjustment: its TPM, RPM and PTU capacity multiplied by
 * `factor` (0 < factor < 1), each at least 1, the burst share following the RPM. Cached per deployment and
 * factor like limitSettings; a drill's recovery moves in hundredths, so the factors seen stay few.
 */
export function scaledLimitSettings(deployment: ResolvedDeployment, factor: number): LimitSettings | undefined {
  const settings = limitSettings(deployment);
  if (settings === undefined || factor === 1) return settings;
  let byFactor = scaledOf.get(deployment);
  if (byFactor === undefined) scaledOf.set(deployment, (byFactor = new Map()));
  let scaled = byFactor.get(factor);
  if (scaled === undefined) {
    // a bound on what a long session of distinct factors can leave behind
    if (byFactor.size >= MAX_SCALED) byFactor.clear();
    byFactor.set(factor, (scaled = scale(settings, factor)));
  }
  return scaled;
}

const scaledOf = new WeakMap<ResolvedDeployment, Map<number, LimitSettings>>();
const MAX_SCALED = 256;

function scale(settings: LimitSettings, factor: number): LimitSettings {
  const scaled: LimitSettings = { ...settings };
  const times = (value: number) => Math.max(1, Math.floor(value * factor + 1e-9));
  if (settings.tpm !== undefined) scaled.tpm = times(settings.tpm);
  if (settings.rpm !== undefined) {
    scaled.rpm = times(settings.rpm);
    scaled.burstLimit = Math.ceil((scaled.rpm * settings.burstMs) / MINUTE_MS);
  }
  if (settings.ptuCapacity !== undefined) scaled.ptuCapacity = times(settings.ptuCapacity);
  return scaled;
}

function settingsFor(deployment: ResolvedDeployment): LimitSettings | undefined {
  const limit = deployment.rateLimit;
  if (!limit) return undefined;
  const ptuCapacity =
    limit.ptu === undefined
      ? undefined
      : limit.ptu * (limit.tokensPerPtuPerMinute ?? schemaDefault<number>('RateLimit', 'tokensPerPtuPerMinute'));
  const tpm = ptuCapacity === undefined ? limit.tpm : undefined;
  const rpm = limit.rpm ?? (tpm === undefined ? undefined : derivedRpm(tpm, deployment.rpmPer1000Tpm));
  if (tpm === undefined && rpm === undefined && ptuCapacity === undefined) return undefined;
  const burstMs = (limit.burstWindow ?? schemaDefault<string>('RateLimit', 'burstWindow')) === '1s' ? 1_000 : 10_000;
  const window = limit.window ?? schemaDefault<string>('RateLimit', 'window');
  const settings: LimitSettings = { burstMs, perMinute: window === 'per-minute' };
  if (tpm !== undefined) settings.tpm = tpm;
  if (rpm !== undefined) {
    settings.rpm = rpm;
    settings.burstLimit = Math.ceil((rpm * burstMs) / MINUTE_MS);
  }
  if (ptuCapacity !== undefined) settings.ptuCapacity = ptuCapacity;
  return settings;
}

/** The service's RPM for a TPM quota: `rpmPer1000Tpm` per 1,000 TPM, at least 1. */
export function derivedRpm(tpm: number, rpmPer1000Tpm: number): number {
  // The epsilon keeps a product like 6000 / 1000 × (1/6), which floating point may leave at 0.999…, at 1.
  return Math.max(1, Math.floor((tpm / 1000) * rpmPer1000Tpm + 1e-9));
}

/** Whether the limiter must remember each admission: when a token or request window applies. */
export function keepsLog(settings: LimitSettings): boolean {
  return settings.tpm !== undefined || settings.rpm !== undefined;
}
