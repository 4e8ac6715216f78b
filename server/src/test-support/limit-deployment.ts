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
