import type { Redis } from 'ioredis';
import type { ReplayCursors, ServedPicker } from '../../cassettes/replay-cursors.ts';
import type { StoreKeys } from './store-keys.ts';

/** Moves a place from what the picker saw to past what it picked; answers -1, or the place found instead. */
const MOVE_SCRIPT = `
local place = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if place ~= tonumber(ARGV[2]) then return place end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return -1
`;

const SCOPE_TTL_MS = 86_400_000;
/** Tries before giving up on a place that other simulators keep moving; each loser re-picks from the new place. */
const MAX_TRIES = 50;

type ScriptedRedis = Redis & { aoaiSimMoveCursor(...args: Array<string | number>): Promise<number> };

/**
 * Replay cursors on a Redis server: one hash per scope (sequence key → place). The picker runs here, on the
 * place read; the move is a compare-and-set, so two simulators never serve the same first-time interaction.
 */
export class RedisReplayCursors implements ReplayCursors<Promise<number>> {
  private readonly redis: ScriptedRedis;
  private readonly keys: StoreKeys;

  constructor(redis: Redis, keys: StoreKeys) {
    redis.defineCommand('aoaiSimMoveCursor', { numberOfKeys: 1, lua: MOVE_SCRIPT });
    this.redis = redis as ScriptedRedis;
    this.keys = keys;
  }

  async advance(scope: string | undefined, key: string, picker: ServedPicker): Promise<number> {
    const cursorKey = this.keys.cursors(scope);
    let place = Number((await this.redis.hget(cursorKey, key)) ?? 0);
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const picked = picker.pick(place);
      if (picked < place) return picked;
      const found = Number(await this.redis.aoaiSimMoveCursor(cursorKey, key, place, picked + 1, SCOPE_TTL_MS));
      if (found === -1) return picked;
      place = found;
    }
    throw new Error(`the replay cursor of ${key} moved ${MAX_TRIES} times while this simulator picked`);
  }

  async reset(scope?: string): Promise<void> {
    if (scope === undefined) await this.keys.unlinkMatching(this.redis, this.keys.allCursors());
    else await this.redis.unlink(this.keys.cursors(scope));
  }
}
