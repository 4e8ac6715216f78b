import type { Redis } from 'ioredis';
import type { SimStore } from '../sim-store.ts';
import { RedisLimiterStore } from './redis-limiter-store.ts';
import { RedisReplayCursors } from './redis-replay-cursors.ts';
import { RedisResponseStore } from './redis-response-store.ts';
import { RedisRuleCounters } from './redis-rule-counters.ts';
import { StoreKeys } from './store-keys.ts';

/** Every part of the simulator's store on one Redis server, under one key prefix. */
export class RedisSimStore implements SimStore {
  readonly limits: RedisLimiterStore;
  readonly ruleCounters: RedisRuleCounters;
  readonly responses: RedisResponseStore;
  readonly replayCursors: RedisReplayCursors;
  readonly keys: StoreKeys;

  constructor(redis: Redis, keyPrefix: string) {
    this.keys = new StoreKeys(keyPrefix);
    this.limits = new RedisLimiterStore(redis, this.keys);
    this.ruleCounters = new RedisRuleCounters(redis, this.keys);
    this.responses = new RedisResponseStore(redis, this.keys);
    this.replayCursors = new RedisReplayCursors(redis, this.keys);
  }
}
