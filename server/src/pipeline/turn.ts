import type { Clock } from '../clock/index.ts';
import type { ResolvedDeployment } from '../config/resolve-config.ts';
import type { ConditionEffect } from '../drills/resource-condition.ts';
import type { ChosenFault } from '../faults/fault-injector.ts';
import type { FaultAction } from '../generated/scenarios.ts';
import type { RequestBody } from '../http/read-body.ts';
import type { RequestNotes } from '../http/observe.ts';
import { latencyPlan, type PacerLatenessObserver, type RequestTiming, type Scheduler } from '../latency/index.ts';
import type { LimitAdmitted } from '../limits/index.ts';
import type { Delivery } from '../routes/write-result.ts';
import type { ScenarioDecision } from '../scenarios/engine.ts';
import type { RequestView } from '../scenarios/match/index.ts';
import type { SimState } from '../sim-state.ts';
import { Identity } from './identity.ts';
import type { Inbound } from './inbound.ts';
import type { Reply } from './reply.ts';
import type { Target } from './target-table.ts';

/** No wait at all: a turn's timing until the deployment's latency is known, and a replay's at its recorded timing. */
export const ZERO_TIMING: RequestTiming = latencyPlan(undefined).forRequest();

/**
 * One request's way through the data plane, with no transport in it: what it asked (`inbound`), where its
 * answer goes (`reply`), who it is for (`identity`), and what each stage has learnt, in the order the stages
 * learn it. It is also the answer's Delivery: when the request arrived, its timing, a stream fault to act out.
 *
 * A class with every field set in the constructor and its getters on the prototype, never an object literal
 * with a getter: with such a literal as the delivery, V8 promoted most of every request's objects out of the
 * young generation (measured with --trace-gc-nvp at about 13k req/s: 10 MB promoted per scavenge, 17-20 ms
 * pauses, every ~90 ms); with a class nothing is promoted and scavenges take 0.3 ms. Our reading is that each
 * literal's own accessor pair outlives the request and holds it; whatever the cause inside V8, keep per-request
 * objects on the hot path free of getters in literals.
 */
export class Turn implements Delivery {
  readonly inbound: Inbound;
  readonly reply: Reply;
  readonly target: Target;
  readonly identity: Identity;
  /** The configuration in force when the request arrived, read once: a reload mid-turn does not mix two. */
  readonly state: SimState;
  /** What waits, pacing and faults run on: the simulator's clock. */
  readonly scheduler: Scheduler;
  /** Told how late each paced chunk of the answer was written (the metrics' PacerLateness); none for batch lines. */
  readonly pacerLateness: PacerLatenessObserver | undefined;
  /** The arrival on the clock's monotonic time, which latencies are measured from. */
  readonly startedAt: number;
  /** The arrival, epoch ms: the journal's time, templates' `now`, `created` fields. */
  readonly time: number;
  /** What the turn learns for the log, the journal and the metrics. */
  readonly notes: RequestNotes;

  /** The resource's condition when the request arrived, when a drill degrades it (see meetCondition). */
  condition: ConditionEffect | undefined;
  /** The api-version asked for, once checked; undefined on a v1 route without one. */
  apiVersion: string | undefined;
  /** The body: its fields (JSON, or a form's), its uploads, its JSON text, and its bytes when recording needs them. */
  body: RequestBody;
  /** The deployment, once resolved. */
  deployment: ResolvedDeployment | undefined;
  /** The limiter's admission, which settle corrects once the usage is known. */
  admission: LimitAdmitted | undefined;
  /** What the matcher sees of the request, made once the deployment is known. */
  view: RequestView | undefined;
  fault: ChosenFault | undefined;
  /** A fault that acts on the answer's stream (a cut, a stall, a malformed chunk). */
  streamFault: FaultAction | undefined;
  decision: ScenarioDecision | undefined;
  timing: RequestTiming;
  #signal: AbortSignal | undefined;

  constructor(
    inbound: Inbound,
    reply: Reply,
    target: Target,
    state: SimState,
    clock: Clock,
    scheduler: Scheduler,
    pacerLateness?: PacerLatenessObserver,
  ) {
    this.startedAt = clock.now();
    this.time = clock.epochMs();
    this.inbound = inbound;
    this.reply = reply;
    this.target = target;
    // the route names the operation: a request refused before its deployment is known is still counted under it
    this.identity = new Identity(target.resource, target.spec.operation);
    this.state = state;
    this.scheduler = scheduler;
    this.pacerLateness = pacerLateness;
    this.notes = {};
    this.condition = undefined;
    this.apiVersion = undefined;
    this.body = NO_BODY;
    this.deployment = undefined;
    this.admission = undefined;
    this.view = undefined;
    this.fault = undefined;
    this.streamFault = undefined;
    this.decision = undefined;
    this.timing = ZERO_TIMING;
    this.#signal = undefined;
  }

  /** Aborted when the client goes away before the answer is complete; made only when a wait or a paced stream asks. */
  get signal(): AbortSignal {
    return (this.#signal ??= this.reply.closedSignal());
  }

  onFirstToken(at: number): void {
    this.notes.firstTokenAt = at;
  }

  /** The deployment, for the stages after it is resolved. */
  get resolved(): ResolvedDeployment {
    if (this.deployment === undefined) throw new Error('the deployment is read before it is resolved');
    return this.deployment;
  }
}

/** The body until it is read. */
const NO_BODY: RequestBody = Object.freeze({ raw: undefined, contentType: '', fields: Object.freeze({}), files: Object.freeze({}) });
