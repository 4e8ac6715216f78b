import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Admission, LimiterStore, Verdict } from '../../limits/index.ts';
import type { LimitSettings } from '../../limits/limit-settings.ts';
import type { WindowCounts } from '../../limits/window-usage.ts';
import { ADMISSION_SCRIPT } from './admission-script.ts';
import type { StoreKeys } from './store-keys.ts';

/** The client with the admission script defined on it (ioredis sends it by its SHA once loaded). */
type ScriptedRedis = Redis & { aoaiSimAdmission(...args: Array<string | number>): Promise<unknown> };

/**
 * The limiter's store on a Redis server shared by several simulators: every decision, settlement and snapshot
 * is one run of the admission script, so the windows are one set of windows whichever simulator asks.
 */
export class RedisLimiterStore implements LimiterStore {
  private readonly redis: ScriptedRedis;
  private readonly keys: StoreKeys;

  constructor(redis: Redis, keys: StoreKeys) {
    redis.defineCommand('aoaiSimAdmission', { numberOfKeys: 4, lua: ADMISSION_SCRIPT });
    this.redis = redis as ScriptedRedis;
    this.keys = keys;
  }

  async decide(quota: string, settings: LimitSettings, now: number, estimate: number): Promise<Verdict> {
    const reply = (await this.run('decide', quota, settings, now, estimate, randomUUID())) as Array<string | number>;
    const [limit, wait, tokens, requests, burstRequests, level, at, epoch] = reply;
    const verdict: Verdict = {
      counts: { tokens: Number(tokens), requests: Number(requests), burstRequests: Number(burstRequests), level: Number(level) },
      at: Number(at),
      epoch: String(epoch),
    };
    if (limit === 'token' || limit === 'call') verdict.refusal = { limit, retryAfterMs: Number(wait) };
    return verdict;
  }

  async settle(admission: Admission & { quota: string }, actualTokens: number, now: number): Promise<void> {
    if (admission.ptuCapacity === undefined || admission.epoch === undefined) return;
    const settings: LimitSettings = { burstMs: 0, perMinute: false, ptuCapacity: admission.ptuCapacity };
    await this.run('settle', admission.quota, settings, now, actualTokens, admission.epoch, admission.estimate);
  }

  async counts(quota: string, settings: LimitSettings, now: number): Promise<WindowCounts | undefined> {
    const reply = (await this.run('counts', quota, settings, now, 0, '')) as Array<string | number> | null;
    if (!reply) return undefined;
    const [tokens, requests, burstRequests, level] = reply;
    return { tokens: Number(tokens), requests: Number(requests), burstRequests: Number(burstRequests), level: Number(level) };
  }

  async delete(quota: string): Promise<void> {
    await this.redis.unlink(...this.keys.quota(quota));
  }

  async clear(): Promise<void> {
    await this.keys.unlinkMatching(this.redis, this.keys.allQuotas());
  }

  private run(
    op: string,
    quota: string,
    settings: LimitSettings,
    now: number,
    tokens: number,
    epoch: string,
    estimate = 0,
  ): Promise<unknown> {
    return this.redis.aoaiSimAdmission(
      ...this.keys.quota(quota),
      op,
      now,
      tokens,
      settings.tpm ?? -1,
      settings.rpm ?? -1,
      settings.burstMs,
      settings.burstLimit ?? -1,
      settings.perMinute ? 1 : 0,
      settings.ptuCapacity ?? -1,
      epoch,
      estimate,
    );
  }
}
