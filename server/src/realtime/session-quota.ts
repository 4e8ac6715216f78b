import type { ResolvedDeployment } from '../config/resolve-config.ts';
import type { AoaiError } from '../http/aoai-error.ts';
import type { LimiterStore } from '../limits/index.ts';
import { MINUTE_MS, type LimitSettings } from '../limits/limit-settings.ts';
import { quotaKey } from '../limits/quota-key.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/**
 * The wait a session refused for `maxSessions` is told to take. Nothing says when one of the open sessions will
 * end, so it is the shortest the 429's retry-after can say; the service's figure for this was not found.
 */
export const CONCURRENT_RETRY_MS = 1_000;

/** The sessions opened in any 60 s, kept in the limiter's windows as an RPM of sessions with no burst window. */
function perMinuteSettings(sessionsPerMinute: number): LimitSettings {
  return { rpm: sessionsPerMinute, burstMs: MINUTE_MS, perMinute: false };
}

/** Where a deployment's session counts are kept: beside its quota's key, under a name no deployment can have. */
function sessionsKey(resource: string, deployment: string): string {
  return `${quotaKey(resource, deployment)}/sessions`;
}

/**
 * A realtime deployment's quota of sessions (deployment.realtime): at most `maxSessions` open at once, at most
 * `sessionsPerMinute` opened in any 60 s. A refused session gets the data plane's 429 before the upgrade, with its
 * retry-after (see realtimeUpgrade). The sessions per minute go through the limiter's store, so simulators sharing
 * it (--workers, replicas on Redis) share the count; the open sessions are counted in this process.
 */
export class SessionQuota {
  readonly #open = new Map<string, number>();
  readonly #store: () => LimiterStore;
  readonly #epochMs: () => number;

  constructor(store: () => LimiterStore, epochMs: () => number) {
    this.#store = store;
    this.#epochMs = epochMs;
  }

  /**
   * Admits one more session of the deployment, or says why not. Admitted, it is counted as open until the
   * returned release is called (once; again does nothing).
   */
  async admit(resource: string, deployment: ResolvedDeployment, apiVersion: string | undefined): Promise<(() => void) | AoaiError> {
    const limits = deployment.realtime;
    if (limits?.maxSessions === undefined && limits?.sessionsPerMinute === undefined) return () => {};
    const key = sessionsKey(resource, deployment.name);
    const open = this.#open.get(key) ?? 0;
    if (limits.maxSessions !== undefined && open >= limits.maxSessions) return refusal(apiVersion, CONCURRENT_RETRY_MS);
    // counted before the store is asked, so that two upgrades at once never both take the last place
    this.#open.set(key, open + 1);
    const release = this.#releaser(key);
    if (limits.sessionsPerMinute === undefined) return release;
    try {
      const verdict = await this.#store().decide(key, perMinuteSettings(limits.sessionsPerMinute), this.#epochMs(), 0);
      if (verdict.refusal === undefined) return release;
      release();
      return refusal(apiVersion, verdict.refusal.retryAfterMs);
    } catch (error) {
      release();
      throw error;
    }
  }

  #releaser(key: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left > 0) this.#open.set(key, left);
      else this.#open.delete(key);
    };
  }
}

/** The data plane's 429 for a call rate limit, its retry-after and body, for the realtime operation. */
function refusal(apiVersion: string | undefined, retryAfterMs: number): AoaiError {
  return serviceErrors.rateLimited('realtime', apiVersion, retryAfterMs, 'call');
}
