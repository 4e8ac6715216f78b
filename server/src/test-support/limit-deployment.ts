import type { ResolvedDeployment } from '../config/resolve-config.ts';
import type { RateLimit } from '../generated/scenarios.ts';

/** A chat deployment with the given rate limit, for the limiter's tests. */
export function limitedDeployment(rateLimit: RateLimit | undefined, name = 'gpt-4o', rpmPer1000Tpm = 6): ResolvedDeployment {
  return {
    name,
    model: 'gpt-4o-2024-08-06',
    operations: new Set(['chat']),
    tokenizer: 'o200k_base',
    contextWindow: 128000,
    maxOutputTokens: 16384,
    rpmPer1000Tpm,
    reasoning: false,
    promptCaching: true,
    ...(rateLimit ? { rateLimit } : {}),
  };
}

/** A clock the test moves by hand. */
export class ManualClock {
  time: number;

  constructor(start: number) {
    this.time = start;
  }

  readonly now = (): number => this.time;
}

/**
 * Rate limits that exercise every window the limiter keeps: sliding and per-minute, 1 s and 10 s bursts, TPM
 * alone, PTU with and without an RPM, and RPMs that bind before the tokens do.
 */
export const LIMITS_UNDER_TEST: readonly RateLimit[] = [
  { tpm: 1000, rpm: 600, burstWindow: '1s' },
  { tpm: 1000 },
  { tpm: 5000, rpm: 30, window: 'per-minute' },
  { tpm: 2000, rpm: 120, burstWindow: '1s', window: 'per-minute' },
  { ptu: 1 },
  { ptu: 1, rpm: 20, burstWindow: '1s' },
  { tpm: 1_000_000, rpm: 60, burstWindow: '1s' },
  { tpm: 1_000_000, rpm: 40, window: 'per-minute' },
];
