import type { ReplayCursors, ServedPicker } from '../cassettes/replay-cursors.ts';
import type { Admission, LimiterStore, Verdict } from '../limits/index.ts';
import type { LimitSettings } from '../limits/limit-settings.ts';
import type { WindowCounts } from '../limits/window-usage.ts';
import type { InputItem } from '../operations/responses/responses-request.ts';
import type { ResponseStore, StoredResponse } from '../operations/responses/response-store.ts';
import type { Claim, RuleBudget, RuleCounters } from '../scenarios/rule-counters.ts';
import type { SimStore } from './sim-store.ts';
import type { Replicas } from './replicas.ts';
import type { StateGuard } from './state-guard.ts';

/**
 * A shared store with this simulator's own as its fallback: each step goes to the shared one through the
 * guard, which decides what happens when it cannot answer (see StateGuard).
 */
export class GuardedSimStore implements SimStore {
  readonly limits: LimiterStore;
  readonly ruleCounters: RuleCounters;
  readonly responses: ResponseStore;
  readonly replayCursors: ReplayCursors;
  readonly guard: StateGuard;
  readonly replicas: Replicas;

  constructor(shared: SimStore, local: SimStore, guard: StateGuard, replicas: Replicas) {
    this.guard = guard;
    this.replicas = replicas;
    this.limits = guardedLimits(shared.limits, local.limits, guard);
    this.ruleCounters = guardedCounters(shared.ruleCounters, local.ruleCounters, guard);
    this.responses = guardedResponses(shared.responses, local.responses, guard);
    this.replayCursors = guardedCursors(shared.replayCursors, local.replayCursors, guard);
  }
}

function guardedLimits(shared: LimiterStore, local: LimiterStore, guard: StateGuard): LimiterStore {
  return {
    decide: (quota: string, settings: LimitSettings, now: number, estimate: number): Promise<Verdict> =>
      guard.run(
        () => shared.decide(quota, settings, now, estimate),
        () => local.decide(quota, settings, now, estimate),
      ),
    settle: (admission: Admission & { quota: string }, actual: number, now: number) =>
      guard.run(
        () => shared.settle(admission, actual, now),
        () => local.settle(admission, actual, now),
      ),
    counts: (quota: string, settings: LimitSettings, now: number): Promise<WindowCounts | undefined> =>
      guard.run(
        () => shared.counts(quota, settings, now),
        () => local.counts(quota, settings, now),
      ),
    delete: async (quota: string) => {
      await local.delete(quota);
      await guard.run(() => shared.delete(quota), noop);
    },
    clear: async () => {
      await local.clear();
      await guard.run(() => shared.clear(), noop);
    },
  };
}

function guardedCounters(shared: RuleCounters, local: RuleCounters, guard: StateGuard): RuleCounters {
  return {
    waits: true,
    claim: (testId: string | undefined, candidates: readonly RuleBudget[], claimed: Claim) =>
      guard.run(
        async () => shared.claim(testId, candidates, claimed),
        () => local.claim(testId, candidates, claimed),
      ),
    reset: async (testId?: string) => {
      await local.reset(testId);
      await guard.run(async () => shared.reset(testId), noop);
    },
    retain: (names: ReadonlySet<string>) => {
      local.retain(names);
      shared.retain(names);
    },
  };
}

function guardedResponses(shared: ResponseStore, local: ResponseStore, guard: StateGuard): ResponseStore {
  return {
    save: (response: StoredResponse, items: readonly InputItem[]) =>
      guard.run(
        () => shared.save(response, items),
        () => local.save(response, items),
      ),
    response: (id: string) =>
      guard.run(
        () => shared.response(id),
        () => local.response(id),
      ),
    item: (id: string) =>
      guard.run(
        () => shared.item(id),
        () => local.item(id),
      ),
    update: (id: string, change: (response: StoredResponse) => StoredResponse | undefined) =>
      guard.run(
        () => shared.update(id, change),
        () => local.update(id, change),
      ),
    delete: (id: string) =>
      guard.run(
        () => shared.delete(id),
        () => local.delete(id),
      ),
  };
}

function guardedCursors(shared: ReplayCursors, local: ReplayCursors, guard: StateGuard): ReplayCursors {
  return {
    advance: (scope: string | undefined, key: string, picker: ServedPicker) =>
      guard.run(
        async () => shared.advance(scope, key, picker),
        () => local.advance(scope, key, picker),
      ),
    reset: async (scope?: string) => {
      await local.reset(scope);
      await guard.run(async () => shared.reset(scope), noop);
    },
  };
}

function noop(): void {}
