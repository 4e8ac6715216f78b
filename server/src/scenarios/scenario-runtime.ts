import type { ScenarioRule } from '../generated/scenarios.ts';
import { decide, type DecisionContext, type ScenarioDecision } from './engine.ts';
import type { RequestView } from './match/index.ts';
import { compileRules, type CompiledRule } from './rule-set.ts';
import type { RuleCounters } from './rule-counters.ts';
import type { TemplateLimits } from './templates.ts';

/** The scenario rules in force and the counts they keep: one per server. */
export class ScenarioRuntime {
  private rules: CompiledRule[];
  /** The rules' counts, in the simulator's store. */
  readonly state: RuleCounters;
  private unmatched: 'generate' | 'error';

  constructor(rules: readonly ScenarioRule[], unmatched: 'generate' | 'error', limits: TemplateLimits, counters: RuleCounters) {
    this.state = counters;
    this.rules = compileRules(rules, limits);
    this.unmatched = unmatched;
  }

  /** A promise only when the counters are a shared store's (RuleCounters.waits). */
  decide(view: RequestView, context: DecisionContext): ScenarioDecision | Promise<ScenarioDecision> {
    return decide(this.rules, this.state, view, context, this.unmatched);
  }

  /** Swaps in new rules at once; counts of rules that keep their names survive. */
  replace(rules: readonly ScenarioRule[], unmatched: 'generate' | 'error', limits: TemplateLimits): void {
    this.rules = compileRules(rules, limits);
    this.unmatched = unmatched;
    this.state.retain(new Set(this.rules.map((rule) => rule.name)));
  }
}
