/** What a counter needs of a rule: its name, and its `times` budget when it has one. */
export interface RuleBudget {
  readonly name: string;
  readonly times?: number;
}

/** Which candidate a claim counted, and its count with this call (1 for the first). */
export interface Claim {
  index: number;
  count: number;
}

/**
 * How many times each scenario rule has matched, per test id: what sequences and `times` budgets count. Behind
 * an interface, as the limiter's store is, so that a store shared by several simulators can keep the counts: a
 * request costs it at most one call, `claim`, whatever the number of rules that match.
 */
export interface RuleCounters {
  /**
   * True when `claim` answers with a promise (a store shared over the network): the caller then gives each
   * request a claim object of its own, since others run while it waits.
   */
  readonly waits: boolean;
  /**
   * Atomically counts a match of the first of `candidates` whose budget under `testId` is not spent, writing
   * which and its new count into `claimed` (a caller's object, so that a request allocates nothing here);
   * false, and nothing counted, when every budget is spent. A boolean at once unless `waits`.
   */
  claim(testId: string | undefined, candidates: readonly RuleBudget[], claimed: Claim): boolean | Promise<boolean>;
  /** Forgets the counts of one test id, or of all. */
  reset(testId?: string): void | Promise<void>;
  /** Keeps only the counts of rules still defined (after a reload). */
  retain(ruleNames: ReadonlySet<string>): void;
}
