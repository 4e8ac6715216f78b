import type { Redis } from 'ioredis';

/**
 * The names of this simulator's keys on a Redis server, all under one prefix (server.state.keyPrefix), so that
 * simulators of other teams can share the server and a reset removes only this simulator's keys. Each quota's
 * keys share a hash tag, so that its script's keys live on one node of a Redis Cluster too.
 */
export class StoreKeys {
  readonly prefix: string;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  /** A quota's hash and its three sorted sets (see admission-script.ts). */
  quota(quota: string): [string, string, string, string] {
    const base = `${this.prefix}limit:{${quota}}`;
    return [`${base}:state`, `${base}:times`, `${base}:tokens`, `${base}:calls`];
  }

  /** A test id's rule counts (the unscoped requests' under a name no test id can take). */
  ruleCounts(testId: string | undefined): string {
    return testId === undefined ? `${this.prefix}rules:-` : `${this.prefix}rules:=${testId}`;
  }

  allRuleCounts(): string {
    return `${escapeGlob(this.prefix)}rules:*`;
  }

  /** A scope's replay cursors. */
  cursors(scope: string | undefined): string {
    return scope === undefined ? `${this.prefix}cursors:-` : `${this.prefix}cursors:=${scope}`;
  }

  allCursors(): string {
    return `${escapeGlob(this.prefix)}cursors:*`;
  }

  response(id: string): string {
    return `${this.prefix}response:${id}`;
  }

  responseItem(id: string): string {
    return `${this.prefix}item:${id}`;
  }

  /** The channel the replicas ask each other on (see ReplicaBus). */
  bus(): string {
    return `${this.prefix}bus`;
  }

  /** The live replicas, scored by their last heartbeat. */
  replicas(): string {
    return `${this.prefix}replicas`;
  }

  /** Where the replicas answer one question. */
  reply(id: string): string {
    return `${this.prefix}reply:${id}`;
  }

  /** A pattern for every key of this simulator. */
  all(): string {
    return `${escapeGlob(this.prefix)}*`;
  }

  /** A pattern for every quota's keys. */
  allQuotas(): string {
    return `${escapeGlob(this.prefix)}limit:*`;
  }

  /** Removes every key matching `pattern`, by SCAN in batches: never a blocking KEYS on a shared server. */
  async unlinkMatching(redis: Redis, pattern: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}

/** `text` with Redis glob metacharacters escaped, so that a prefix matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
