import type { ReplayCursors, ServedPicker } from '../cassettes/replay-cursors.ts';
import type { Admission, LimiterStore, Verdict } from '../limits/index.ts';
import type { LimitSettings } from '../limits/limit-settings.ts';
import type { WindowCounts } from '../limits/window-usage.ts';
import type { InputItem } from '../operations/responses/responses-request.ts';
import type { ResponseStore, StoredResponse } from '../operations/responses/response-store.ts';
import type { Claim, RuleBudget, RuleCounters } from '../scenarios/rule-counters.ts';
import type { SimStore } from '../store/sim-store.ts';
import type { PrimaryChannel } from './primary-channel.ts';

/** Tries of a compare-and-set before giving up on state that other workers keep changing. */
const MAX_TRIES = 50;

/**
 * A worker's store: every step runs on the primary process's store, an IPC round trip (see PrimaryChannel), so
 * that the workers of one `aoai-sim --workers N` hold each deployment to one quota, advance one sequence and keep
 * one set of stored responses, as one process would.
 */
export class WorkerSimStore implements SimStore {
  readonly limits: LimiterStore;
  readonly ruleCounters: RuleCounters;
  readonly responses: ResponseStore;
  readonly replayCursors: ReplayCursors;
  readonly replicas: PrimaryChannel;

  constructor(primary: PrimaryChannel) {
    this.replicas = primary;
    this.limits = {
      decide: (quota: string, settings: LimitSettings, now: number, estimate: number) =>
        primary.call<Verdict>('limits.decide', quota, settings, now, estimate),
      settle: (admission: Admission & { quota: string }, actual: number, now: number) =>
        primary.call<void>('limits.settle', admission, actual, now),
      counts: (quota: string, settings: LimitSettings, now: number) =>
        primary.call<WindowCounts | undefined>('limits.counts', quota, settings, now),
      delete: (quota: string) => primary.call<void>('limits.delete', quota),
      clear: () => primary.call<void>('limits.clear'),
    };
    this.ruleCounters = {
      waits: true,
      claim: async (testId: string | undefined, candidates: readonly RuleBudget[], claimed: Claim) => {
        const plain = candidates.map(({ name, times }) => (times === undefined ? { name } : { name, times }));
        const won = await primary.call<Claim | undefined>('rules.claim', testId, plain);
        if (!won) return false;
        claimed.index = won.index;
        claimed.count = won.count;
        return true;
      },
      reset: (testId?: string) => primary.call<void>('rules.reset', testId),
      // counts of rules no longer defined stay in the primary: a reload in one worker must not reset the others'
      retain: () => {},
    };
    this.responses = {
      save: (response: StoredResponse, items: readonly InputItem[]) => primary.call<void>('responses.save', response, items),
      response: (id: string) => primary.call<StoredResponse | undefined>('responses.response', id),
      item: (id: string) => primary.call<InputItem | undefined>('responses.item', id),
      delete: (id: string) => primary.call<boolean>('responses.delete', id),
      update: async (id: string, change: (response: StoredResponse) => StoredResponse | undefined) => {
        for (let tries = 0; tries < MAX_TRIES; tries++) {
          const kept = await primary.call<StoredResponse | undefined>('responses.response', id);
          if (!kept) return undefined;
          const changed = change(kept);
          if (!changed) return kept;
          if (await primary.call<boolean>('responses.replaceIf', id, JSON.stringify(kept), changed)) return changed;
        }
        throw new Error(`stored response ${id} changed ${MAX_TRIES} times while this worker changed it`);
      },
    };
    this.replayCursors = {
      advance: async (scope: string | undefined, key: string, picker: ServedPicker) => {
        for (let tries = 0; tries < MAX_TRIES; tries++) {
          const place = await primary.call<number>('cursors.place', scope, key);
          const picked = picker.pick(place);
          if (picked < place) return picked;
          if (await primary.call<boolean>('cursors.moveIf', scope, key, place, picked)) return picked;
        }
        throw new Error(`the replay cursor of ${key} moved ${MAX_TRIES} times while this worker picked`);
      },
      reset: (scope?: string) => primary.call<void>('cursors.reset', scope),
    };
  }
}
