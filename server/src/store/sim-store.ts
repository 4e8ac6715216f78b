import { MemoryReplayCursors, type ReplayCursors } from '../cassettes/index.ts';
import { InMemoryLimiterStore, type LimiterStore } from '../limits/index.ts';
import type { ResolvedMemory } from '../config/resolve-config.ts';
import type { StoreUsage } from '../memory/index.ts';
import { MemoryResponseStore, type ResponseStore } from '../operations/responses/response-store.ts';
import type { RuleCounters } from '../scenarios/rule-counters.ts';
import { RuleState } from '../scenarios/rule-state.ts';
import type { Replicas } from './replicas.ts';
import type { StateGuard } from './state-guard.ts';

/**
 * The state a simulator keeps across requests that several simulators could share: the rate limits' windows
 * and buckets, the scenario rules' counts, the replay cursors and the stored responses. Each part owns its atomicity and is reached
 * in at most one call per request (stored responses: one per id the request names), so that a shared store
 * (Redis, say) costs one round trip per request for each, not one per candidate rule. See docs/architecture.md.
 */
export interface SimStore {
  readonly limits: LimiterStore;
  readonly ruleCounters: RuleCounters;
  readonly responses: ResponseStore;
  /** Where each test id (and the unscoped sequence) stands in each sequence of recorded interactions. */
  readonly replayCursors: ReplayCursors;
  /** A shared store's guard: whether it answers, and the steps served locally while it did not (see StateGuard). */
  readonly guard?: StateGuard;
  /** The other simulators sharing the store, which the control API asks for their journals and resets. */
  readonly replicas?: Replicas;
  /** What the stores kept in this process hold, by name, for /metrics; absent where the state is elsewhere. */
  usage?(): Record<string, StoreUsage>;
}

/** The store of a single simulator: maps in this process, bounded by `server.memory`. */
export class MemorySimStore implements SimStore {
  readonly limits: LimiterStore;
  readonly ruleCounters: RuleCounters;
  readonly responses: ResponseStore;
  readonly replayCursors: ReplayCursors;

  readonly #kept: { ruleCounters: RuleState; responses: MemoryResponseStore; replayCursors: MemoryReplayCursors };

  constructor(memory: Pick<ResolvedMemory, 'testIds' | 'storedResponses'>) {
    const kept = {
      ruleCounters: new RuleState(memory.testIds),
      responses: new MemoryResponseStore(memory.storedResponses),
      replayCursors: new MemoryReplayCursors(memory.testIds),
    };
    this.#kept = kept;
    this.limits = new InMemoryLimiterStore();
    this.ruleCounters = kept.ruleCounters;
    this.responses = kept.responses;
    this.replayCursors = kept.replayCursors;
  }

  usage(): Record<string, StoreUsage> {
    return {
      stored_responses: this.#kept.responses.usage,
      test_ids: this.#kept.ruleCounters.usage,
      replay_cursors: this.#kept.replayCursors.usage,
    };
  }
}
