import type { ResolvedMemory, ResolvedState } from '../config/resolve-config.ts';
import type { Logger } from '../logger.ts';
import { GuardedSimStore } from './guarded-store.ts';
import { ReplicaBus } from './redis/replica-bus.ts';
import { RedisSimStore } from './redis/redis-sim-store.ts';
import { MemorySimStore, type SimStore } from './sim-store.ts';
import { StateGuard } from './state-guard.ts';

/** A store and what it holds open: closed when the simulator stops. */
export interface OpenedStore {
  store: SimStore;
  /** The guard of a shared store: its availability and fallbacks, for /metrics and /healthz. */
  guard?: StateGuard;
  close(): Promise<void>;
}

/**
 * The store server.state asks for: this process's maps, or a Redis server with this process's maps as the
 * fallback its whenUnavailable allows. A Redis server that is down at startup is not an error: the simulator
 * starts, behaves as declared, and joins the shared state once the server answers.
 */
export async function openStore(state: ResolvedState, memory: ResolvedMemory, logger: Logger): Promise<OpenedStore> {
  const local = new MemorySimStore(memory);
  if (state.store === 'memory' || state.url === undefined) return { store: local, close: async () => {} };
  // loaded only for a shared store: ioredis took about 40 ms of every start, most of which keep their state here
  const { Redis } = await import('ioredis');
  const redis = new Redis(state.url, {
    lazyConnect: true,
    connectTimeout: state.connectTimeoutMs,
    commandTimeout: state.commandTimeoutMs,
    // while disconnected, a command fails at once instead of queueing: the guard answers as declared
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    // commands issued in one tick (one per request under load) go out in one write
    enableAutoPipelining: true,
  });
  redis.on('error', () => {}); // the guard reports an outage once, with its cause, when a request meets it
  const guard = new StateGuard(
    {
      get ready() {
        return redis.status === 'ready';
      },
      onReady: (listener) => redis.on('ready', listener),
    },
    state.whenUnavailable,
    logger,
  );
  try {
    await redis.connect();
  } catch (error) {
    logger.warn({ err: error, url: redactedUrl(state.url) }, 'the shared state (Redis) does not answer yet: retrying in the background');
  }
  const shared = new RedisSimStore(redis, state.keyPrefix);
  const replicas = new ReplicaBus(redis, shared.keys, logger);
  replicas.start();
  return {
    store: new GuardedSimStore(shared, local, guard, replicas),
    guard,
    close: async () => {
      await replicas.stop();
      redis.disconnect();
    },
  };
}

/** The url without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}
