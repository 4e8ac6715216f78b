/** What an update function returns: the state to keep (undefined: keep none) and the answer to hand back. */
export interface StoreUpdate<T, R> {
  state: T | undefined;
  result: R;
}

/**
 * Where the limiter keeps its per-deployment state, behind an interface so a store shared by several
 * simulator instances (Redis, say) can replace the in-memory one. States are plain JSON data (numbers and
 * arrays of numbers), so such a store can serialize them.
 */
export interface LimiterStore {
  /**
   * Atomically reads the state under `key`, passes it to `fn` and keeps the state `fn` returns. `fn` is
   * synchronous and free of side effects other than on the state it is given (which it may change in
   * place): a store that resolves conflicts optimistically may call it again with a fresh copy.
   */
  update<T, R>(key: string, fn: (state: T | undefined) => StoreUpdate<T, R>): Promise<R>;
  /** The state under `key`, for reading only. */
  get<T>(key: string): Promise<T | undefined>;
  /** Forgets the state under `key`. */
  delete(key: string): Promise<void>;
  /** Forgets every state. */
  clear(): Promise<void>;
}

/**
 * The store of a single simulator: a map. `update` runs `fn` with no await between the read and the write,
 * which makes it atomic on Node's one thread. Its size is the number of rate-limited deployments.
 */
export class InMemoryLimiterStore implements LimiterStore {
  private readonly states = new Map<string, unknown>();

  async update<T, R>(key: string, fn: (state: T | undefined) => StoreUpdate<T, R>): Promise<R> {
    const { state, result } = fn(this.states.get(key) as T | undefined);
    if (state === undefined) this.states.delete(key);
    else this.states.set(key, state);
    return result;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.states.get(key) as T | undefined;
  }

  async delete(key: string): Promise<void> {
    this.states.delete(key);
  }

  async clear(): Promise<void> {
    this.states.clear();
  }
}
