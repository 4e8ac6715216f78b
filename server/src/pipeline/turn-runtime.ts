import type { Logger } from 'pino';
import type { Operation } from '../generated/scenarios.ts';
import type { InFlightCounter, Scheduler } from '../latency/index.ts';
import type { RateLimiter } from '../limits/index.ts';
import type { SimMetrics } from '../metrics/index.ts';
import type { OperationHandler } from '../operations/types.ts';
import type { StateHolder } from '../sim-state.ts';
import type { Turn } from './turn.ts';

/** What the stages share across turns: one per server. */
export interface TurnRuntime {
  /** The configuration in force; a turn reads `current` once, when it starts. */
  state: StateHolder;
  /** The default generator's handler for each operation. */
  handlers: Readonly<Record<Operation, OperationHandler>>;
  limits: RateLimiter;
  /** Requests in flight per deployment, which load-dependent latency grows with. */
  inFlight: InFlightCounter;
  /** What waits, pacing and faults run on: the shared scheduler on the simulator's clock. */
  scheduler: Scheduler;
  metrics: SimMetrics;
  logger: Logger;
  /** Told when each answer is finished, a stream included: the access log, the metrics, the journal. */
  observe: (turn: Turn) => void;
}
