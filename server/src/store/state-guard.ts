import type { Logger } from '../logger.ts';

/** Thrown when the shared state cannot be reached and server.state.whenUnavailable is fail-closed: answered as a 503. */
export class SharedStateUnavailable extends Error {
  constructor(cause?: unknown) {
    super('the shared state (Redis) is unavailable and server.state.whenUnavailable is fail-closed', { cause });
    this.name = 'SharedStateUnavailable';
  }
}

/** What a guard needs of the shared store's connection. */
export interface StateConnection {
  /** True while commands can be sent; false while disconnected (calls then fail at once, not after a timeout). */
  readonly ready: boolean;
  /** Calls `listener` each time the connection is ready again. */
  onReady(listener: () => void): void;
}

/**
 * How a simulator behaves while its shared state is out of reach, as server.state.whenUnavailable declares:
 * fail-open runs each step on this simulator's own state instead, warns once per outage and counts each such
 * step; fail-closed refuses the request. Either way no step waits on the store past its command timeout, and the
 * shared state is used again as soon as it answers.
 */
export class StateGuard {
  /** The steps run on this simulator's own state since it started. */
  fallbacks = 0;
  private outage = false;
  private readonly connection: StateConnection;
  private readonly failOpen: boolean;
  private readonly logger: Logger;

  constructor(connection: StateConnection, whenUnavailable: 'fail-open' | 'fail-closed', logger: Logger) {
    this.connection = connection;
    this.failOpen = whenUnavailable === 'fail-open';
    this.logger = logger;
    connection.onReady(() => this.recovered());
  }

  /** Whether the shared state answers now, as far as this simulator knows. */
  get shared(): boolean {
    return this.connection.ready && !this.outage;
  }

  /** `shared()`, or when the store cannot answer, `local()` (fail-open) or SharedStateUnavailable (fail-closed). */
  async run<T>(shared: () => Promise<T>, local: () => T | Promise<T>): Promise<T> {
    if (!this.connection.ready) return this.unavailable(local);
    let result: T;
    try {
      result = await shared();
    } catch (error) {
      return this.unavailable(local, error);
    }
    if (this.outage) this.recovered();
    return result;
  }

  private unavailable<T>(local: () => T | Promise<T>, error?: unknown): T | Promise<T> {
    if (!this.outage) {
      this.outage = true;
      const fallback = this.failOpen ? 'serving from this simulator’s own state until it answers' : 'answering 503 until it answers';
      this.logger.warn({ err: error }, `the shared state (Redis) is unavailable: ${fallback}`);
    }
    if (!this.failOpen) throw new SharedStateUnavailable(error);
    this.fallbacks++;
    return local();
  }

  private recovered(): void {
    if (!this.outage) return;
    this.outage = false;
    this.logger.info('the shared state (Redis) answers again: limits, counts and stored responses are shared again');
  }
}
