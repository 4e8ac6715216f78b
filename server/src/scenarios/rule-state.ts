import { BoundedLru, type MemoryBounds, type StoreUsage } from '../memory/index.ts';
import type { Claim, RuleBudget, RuleCounters } from './rule-counters.ts';

/** The test id of requests that carry none. */
const NO_TEST_ID = '';
/** What one rule's count costs in a test id's map, besides the rule's name. */
const COUNT_BYTES = 16;

/** One test id's counts, with the bytes they take. */
interface TestCounts {
  counts: Map<string, number>;
  bytes: number;
}

/**
 * How many times each rule has matched, per test id, in this process (see RuleCounters). Tests that run in
 * parallel against one simulator, each with its own test id, do not disturb each other. The test ids kept are
 * bounded by count and by bytes (server.memory.testIds); the least recently used is forgotten first. A claim
 * is atomic because nothing awaits between its read and its write.
 */
export class RuleState implements RuleCounters {
  private readonly byTest: BoundedLru<string, TestCounts>;
  /** Answers every claim at once: nothing here awaits. */
  readonly waits = false;

  constructor(bounds: MemoryBounds) {
    this.byTest = new BoundedLru(bounds, (kept) => kept.bytes);
  }

  /** The entries and bytes kept (see StoreUsage). */
  get usage(): StoreUsage {
    return this.byTest.usage;
  }

  count(rule: string, testId: string | undefined): number {
    return this.byTest.peek(testId ?? NO_TEST_ID)?.counts.get(rule) ?? 0;
  }

  claim(testId: string | undefined, candidates: readonly RuleBudget[], claimed: Claim): boolean {
    for (let index = 0; index < candidates.length; index++) {
      const { name, times } = candidates[index]!;
      if (times !== undefined && this.count(name, testId) >= times) continue;
      claimed.index = index;
      claimed.count = this.increment(name, testId);
      return true;
    }
    return false;
  }

  /** Counts a match and returns the new count (1 for the first). */
  increment(rule: string, testId: string | undefined): number {
    const key = testId ?? NO_TEST_ID;
    const kept = this.byTest.get(key) ?? { counts: new Map<string, number>(), bytes: 0 };
    const count = (kept.counts.get(rule) ?? 0) + 1;
    kept.counts.set(rule, count);
    if (count === 1) {
      // a new rule for this test id (or a new test id): kept again, so that its bytes are counted afresh
      kept.bytes += rule.length + COUNT_BYTES;
      this.byTest.set(key, kept);
    }
    return count;
  }

  /** Forgets the counts of one test id, or of all. */
  reset(testId?: string): void {
    if (testId === undefined) this.byTest.clear();
    else this.byTest.delete(testId);
  }

  /** Keeps only the counts of rules still defined (after a reload). */
  retain(ruleNames: ReadonlySet<string>): void {
    for (const kept of this.byTest.values()) {
      for (const rule of kept.counts.keys()) {
        if (ruleNames.has(rule)) continue;
        kept.counts.delete(rule);
        kept.bytes -= rule.length + COUNT_BYTES;
      }
    }
  }
}
