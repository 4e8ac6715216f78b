/** The test id of requests that carry none. */
const NO_TEST_ID = '';

/**
 * How many times each rule has matched, per test id: what sequences and `times` budgets count. Tests that
 * run in parallel against one simulator, each with its own test id, do not disturb each other. The number of
 * test ids kept is bounded; the least recently used is forgotten first.
 */
export class RuleState {
  private readonly byTest = new Map<string, Map<string, number>>();
  private readonly maxTestIds: number;

  constructor(maxTestIds = 10_000) {
    this.maxTestIds = maxTestIds;
  }

  count(rule: string, testId: string | undefined): number {
    return this.byTest.get(testId ?? NO_TEST_ID)?.get(rule) ?? 0;
  }

  /** Counts a match and returns the new count (1 for the first). */
  increment(rule: string, testId: string | undefined): number {
    const key = testId ?? NO_TEST_ID;
    let counts = this.byTest.get(key);
    if (counts) {
      this.byTest.delete(key); // re-inserted below: most recently used last
    } else {
      counts = new Map();
      if (this.byTest.size >= this.maxTestIds) this.byTest.delete(this.byTest.keys().next().value as string);
    }
    this.byTest.set(key, counts);
    const count = (counts.get(rule) ?? 0) + 1;
    counts.set(rule, count);
    return count;
  }

  /** Forgets the counts of one test id, or of all. */
  reset(testId?: string): void {
    if (testId === undefined) this.byTest.clear();
    else this.byTest.delete(testId);
  }

  /** Keeps only the counts of rules still defined (after a reload). */
  retain(ruleNames: ReadonlySet<string>): void {
    for (const counts of this.byTest.values()) for (const rule of counts.keys()) if (!ruleNames.has(rule)) counts.delete(rule);
  }
}
