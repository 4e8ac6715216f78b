import type { Admission } from './admission-decision.ts';
import { MINUTE_MS } from './limit-settings.ts';
import { drainedLevel, type LimitState } from './limit-state.ts';

/**
 * Corrects a provisioned bucket by what a completed request actually used, in place: the level moves by
 * (actual − estimate) and never below empty. Standard quotas are not corrected: the service charges them
 * the estimate. An admission counted in a state that has since been reset changes nothing.
 */
export function settleAdmission(state: LimitState | undefined, admission: Admission, actualTokens: number, now: number): void {
  const capacity = admission.ptuCapacity;
  if (!state || capacity === undefined || state.epoch !== admission.epoch) return;
  const at = Math.max(now, state.last);
  state.last = at;
  state.level = Math.max(0, drainedLevel(state, capacity, at) + (actualTokens - admission.estimate) * MINUTE_MS);
  state.levelAt = at;
}
