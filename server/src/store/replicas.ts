/** What a replica answers a question of one kind with; `payload` is what the asker sent. */
export type ReplicaHandler = (payload: unknown) => unknown | Promise<unknown>;

/** One replica's answer. */
export interface ReplicaReply {
  replica: string;
  result: unknown;
}

/**
 * The other simulators sharing this one's state (replicas on one Redis, or the workers of one process), as far
 * as the control API needs them: each answers questions of the kinds it registered (a journal query, a reset,
 * its metrics), and an asker gathers the answers of every live one.
 */
export interface Replicas {
  /** This simulator's name among them, shown in journal entries. */
  readonly name: string;
  /**
   * They serve one endpoint (the workers of one process), so /metrics answers for all of them, summed; replicas
   * behind a load balancer are scraped one by one instead, and summing there would count each twice.
   */
  readonly sumsMetrics?: boolean;
  on(kind: string, handler: ReplicaHandler): void;
  /** Asks every other one; `missing` names those that did not answer in time. */
  ask(kind: string, payload: unknown): Promise<{ replies: ReplicaReply[]; missing: string[] }>;
}
