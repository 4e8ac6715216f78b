import type { Redis } from 'ioredis';
import type { InputItem } from '../../operations/responses/responses-request.ts';
import type { ResponseStore, StoredResponse } from '../../operations/responses/response-store.ts';
import type { StoreKeys } from './store-keys.ts';

/** The service keeps a stored response for 30 days. */
const RETENTION_MS = 30 * 86_400_000;
const MAX_TRIES = 20;

/** Replaces a response's record only if it is still the one read. */
const REPLACE_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1
`;

/** Deletes a response and its output items; 1 when it was kept. */
const DELETE_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
for _, id in ipairs(cjson.decode(raw).itemIds) do redis.call('UNLINK', ARGV[1] .. id) end
redis.call('UNLINK', KEYS[1])
return 1
`;

interface Record_ {
  response: StoredResponse;
  itemIds: string[];
}

type ScriptedRedis = Redis & {
  aoaiSimReplaceResponse(key: string, seen: string, next: string): Promise<number>;
  aoaiSimDeleteResponse(key: string, itemPrefix: string): Promise<number>;
};

/**
 * Stored responses on a Redis server, so a conversation continues with `previous_response_id` on whichever
 * simulator the next turn reaches. Each response is one JSON value, each output item another, kept for the
 * service's 30 days; the server's own memory policy bounds them (see docs/scaling-out.md).
 */
export class RedisResponseStore implements ResponseStore {
  private readonly redis: ScriptedRedis;
  private readonly keys: StoreKeys;

  constructor(redis: Redis, keys: StoreKeys) {
    redis.defineCommand('aoaiSimReplaceResponse', { numberOfKeys: 1, lua: REPLACE_SCRIPT });
    redis.defineCommand('aoaiSimDeleteResponse', { numberOfKeys: 1, lua: DELETE_SCRIPT });
    this.redis = redis as ScriptedRedis;
    this.keys = keys;
  }

  async save(response: StoredResponse, outputItems: readonly InputItem[]): Promise<void> {
    const itemIds = outputItems.flatMap((item) => (item.id ? [item.id] : []));
    const write = this.redis.multi().set(this.keys.response(response.id), JSON.stringify({ response, itemIds }), 'PX', RETENTION_MS);
    for (const item of outputItems) if (item.id) write.set(this.keys.responseItem(item.id), JSON.stringify(item), 'PX', RETENTION_MS);
    await write.exec();
  }

  async response(id: string): Promise<StoredResponse | undefined> {
    const raw = await this.redis.get(this.keys.response(id));
    return raw === null ? undefined : (JSON.parse(raw) as Record_).response;
  }

  async item(id: string): Promise<InputItem | undefined> {
    const raw = await this.redis.get(this.keys.responseItem(id));
    return raw === null ? undefined : (JSON.parse(raw) as InputItem);
  }

  async update(id: string, change: (response: StoredResponse) => StoredResponse | undefined): Promise<StoredResponse | undefined> {
    const key = this.keys.response(id);
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const raw = await this.redis.get(key);
      if (raw === null) return undefined;
      const kept = JSON.parse(raw) as Record_;
      const changed = change(kept.response);
      if (!changed) return kept.response;
      if ((await this.redis.aoaiSimReplaceResponse(key, raw, JSON.stringify({ ...kept, response: changed }))) === 1) return changed;
    }
    throw new Error(`stored response ${id} changed ${MAX_TRIES} times while this simulator changed it`);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.redis.aoaiSimDeleteResponse(this.keys.response(id), this.keys.responseItem(''))) === 1;
  }
}
