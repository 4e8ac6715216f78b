import type { Claim, RuleBudget } from '../scenarios/rule-counters.ts';
import type { Admission } from '../limits/index.ts';
import type { LimitSettings } from '../limits/limit-settings.ts';
import type { InputItem } from '../operations/responses/responses-request.ts';
import type { StoredResponse } from '../operations/responses/response-store.ts';
import type { MemorySimStore } from '../store/sim-store.ts';

/** A store operation the primary runs for a worker: its arguments in, its answer out (both structured-cloneable). */
type Operation = (store: MemorySimStore, ...args: never[]) => unknown;

/**
 * What workers may ask of the primary's store: the limiter's steps, rule claims, stored responses and replay
 * cursors. Operations that take a function (a stored response's change, a replay picker) are split into a read and
 * a compare-and-set, so the function runs in the worker and the primary's state changes only if nothing else
 * changed it meanwhile.
 */
export const STORE_OPERATIONS = {
  'limits.decide': (store, quota: string, settings: LimitSettings, now: number, estimate: number) =>
    store.limits.decide(quota, settings, now, estimate),
  'limits.settle': (store, admission: Admission & { quota: string }, actual: number, now: number) =>
    store.limits.settle(admission, actual, now),
  'limits.counts': (store, quota: string, settings: LimitSettings, now: number) => store.limits.counts(quota, settings, now),
  'limits.delete': (store, quota: string) => store.limits.delete(quota),
  'limits.clear': (store) => store.limits.clear(),
  'rules.claim': (store, testId: string | undefined, candidates: RuleBudget[]) => {
    const claimed: Claim = { index: 0, count: 0 };
    return store.ruleCounters.claim(testId, candidates, claimed) ? claimed : undefined;
  },
  'rules.reset': (store, testId: string | undefined) => store.ruleCounters.reset(testId),
  'responses.save': (store, response: StoredResponse, items: InputItem[]) => store.responses.save(response, items),
  'responses.response': (store, id: string) => store.responses.response(id),
  'responses.item': (store, id: string) => store.responses.item(id),
  'responses.delete': (store, id: string) => store.responses.delete(id),
  /** Replaces a kept response with `changed` if it is still as the worker read it (`seen`, as JSON). */
  'responses.replaceIf': async (store, id: string, seen: string, changed: StoredResponse) => {
    let replaced = false;
    await store.responses.update(id, (kept) => {
      if (JSON.stringify(kept) !== seen) return undefined;
      replaced = true;
      return changed;
    });
    return replaced;
  },
  /** Where a replay sequence stands, without moving it. */
  'cursors.place': (store, scope: string | undefined, key: string) => {
    let place = 0;
    store.replayCursors.advance(scope, key, { pick: (at) => ((place = at), -1) });
    return place;
  },
  /** Moves a sequence past `picked` if it still stands at `expected`; answers whether it did. */
  'cursors.moveIf': (store, scope: string | undefined, key: string, expected: number, picked: number) => {
    let moved = false;
    store.replayCursors.advance(scope, key, { pick: (at) => (at === expected ? ((moved = true), picked) : -1) });
    return moved;
  },
  'cursors.reset': (store, scope: string | undefined) => store.replayCursors.reset(scope),
} satisfies Record<string, Operation>;

export type StoreOperation = keyof typeof STORE_OPERATIONS;
