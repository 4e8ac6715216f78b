import { MemoryReplayCursors, type ReplayCursors } from '../cassettes/index.ts';
import { InMemoryLimiterStore, type LimiterStore } from '../limits/index.ts';
import type { MemoryBounds } from '../memory/index.ts';
import type { RuleCounters } from '../scenarios/rule-counters.ts';
import { RuleState } from '../scenarios/rule-state.ts';

/**
 * The state a simulator keeps across requests that several simulators could share: the rate limits' windows
 * and buckets, and the scenario rules' counts. Each part owns its atomicity and is reached in at most one call
 * per request, so that a shared store (Redis, say) costs one round trip per request for each, not one per
 * candidate rule. Cassette cursors, stored responses and the journal are still in-memory structures of their
 * own (see docs/architecture.md).
 */
export interface SimStore {
  readonly limits: LimiterStore;
  readonly ruleCounters: RuleCounters;
  /** Where each test id (and the unscoped sequence) stands in each sequence of recorded interactions. */
  readonly replayCursors: ReplayCursors;
}

/** The store of a single simulator: maps in this process, the rule counts bounded by `testIds`. */
export class MemorySimStore implements SimStore {
  readonly limits: LimiterStore;
  readonly ruleCounters: RuleCounters;
  readonly replayCursors: ReplayCursors;

  constructor(testIds: MemoryBounds) {
    this.limits = new InMemoryLimiterStore();
    this.ruleCounters = new RuleState(testIds);
    this.replayCursors = new MemoryReplayCursors(testIds);
  }
}
