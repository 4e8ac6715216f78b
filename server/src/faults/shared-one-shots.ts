import type { RuleCounters } from '../scenarios/rule-counters.ts';
import type { OneShotBudget } from './fault-injector.ts';

/** The scope one-shot budgets are counted under, beside the test ids' rule counts (a reset of all clears them too). */
const ONE_SHOT_SCOPE = '\u0000one-shot-faults';

/**
 * One-shot budgets kept with the rule counts of a shared store: a fault armed with `times: 1` on every replica
 * fires once, on whichever replica the next matching request reaches.
 */
export function sharedOneShotBudget(counters: RuleCounters): OneShotBudget {
  return async (id, times) => {
    const claimed = { index: 0, count: 0 };
    return (await counters.claim(ONE_SHOT_SCOPE, [{ name: id, times }], claimed)) ? claimed.count : 0;
  };
}
