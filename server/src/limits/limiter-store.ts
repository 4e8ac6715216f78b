import type { Admission } from './admission-decision.ts';
import { decideAdmission, type Verdict } from './admission-decision.ts';
import type { LimitSettings } from './limit-settings.ts';
import type { LimitState } from './limit-state.ts';
import { settleAdmission } from './settle-admission.ts';
import { countsAt, type WindowCounts } from './window-usage.ts';

/**
 * Where the limiter keeps each quota's windows and bucket, behind an interface so that a store shared by several
 * simulators (Redis) can replace the in-memory one. Each call is one atomic step on one quota: the decision and
 * its count happen together, so two simulators sharing a store never both take the last token.
 */
export interface LimiterStore {
  /** Decides whether `estimate` tokens fit under `quota`'s limits at `now`, and counts them when they do. */
  decide(quota: string, settings: LimitSettings, now: number, estimate: number): Promise<Verdict>;
  /** Corrects a provisioned bucket by what an admitted request actually used (see settleAdmission). */
  settle(admission: Admission & { quota: string }, actualTokens: number, now: number): Promise<void>;
  /** The counts the next request would be judged against, without counting anything; undefined when none kept. */
  counts(quota: string, settings: LimitSettings, now: number): Promise<WindowCounts | undefined>;
  /** Forgets one quota. */
  delete(quota: string): Promise<void>;
  /** Forgets every quota. */
  clear(): Promise<void>;
}

/**
 * The store of a single simulator: a map of LimitStates. Each call runs with no await between its read and its
 * write, which makes it atomic on Node's one thread. Its size is the number of rate-limited deployments.
 */
export class InMemoryLimiterStore implements LimiterStore {
  private readonly states = new Map<string, LimitState>();

  async decide(quota: string, settings: LimitSettings, now: number, estimate: number): Promise<Verdict> {
    const { state, result } = decideAdmission(settings, this.states.get(quota), now, estimate);
    this.states.set(quota, state);
    return result;
  }

  async settle(admission: Admission & { quota: string }, actualTokens: number, now: number): Promise<void> {
    settleAdmission(this.states.get(admission.quota), admission, actualTokens, now);
  }

  async counts(quota: string, settings: LimitSettings, now: number): Promise<WindowCounts | undefined> {
    const state = this.states.get(quota);
    return state && countsAt(settings, state, now);
  }

  async delete(quota: string): Promise<void> {
    this.states.delete(quota);
  }

  async clear(): Promise<void> {
    this.states.clear();
  }
}
