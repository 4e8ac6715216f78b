import type { LoadLatency } from '../generated/scenarios.ts';

/** The ceiling on utilization in the queueing model, which keeps its factor finite (at most 100×). */
const MAX_UTILIZATION = 0.99;

/**
 * How much slower a request is with `inFlight` requests on its deployment, this one included (so a lone
 * request counts 1). linear: 1 + factor × max(0, inFlight − capacity) / capacity. queueing: 1 / (1 − ρ) with
 * ρ = inFlight / capacity capped at 0.99. Without a load setting, 1.
 */
export function loadFactor(load: LoadLatency | undefined, inFlight: number): number {
  if (load === undefined) return 1;
  const capacity = Math.max(1, load.capacity);
  const count = Math.max(0, inFlight);
  if (load.model === 'queueing') return 1 / (1 - Math.min(count / capacity, MAX_UTILIZATION));
  return 1 + ((load.factor ?? 1) * Math.max(0, count - capacity)) / capacity;
}

/** The requests in flight per deployment name, which feed {@link loadFactor}. */
export class InFlightCounter {
  readonly #counts = new Map<string, number>();

  /**
   * Counts a request in on `deployment` and returns its `leave`. Leaving twice counts once, so the HTTP
   * layer may call it from both `finish` and `close`.
   */
  enter(deployment: string): () => void {
    this.#counts.set(deployment, this.current(deployment) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const remaining = this.current(deployment) - 1;
      // an idle deployment leaves no entry behind, so names that come and go cannot grow the map
      if (remaining > 0) this.#counts.set(deployment, remaining);
      else this.#counts.delete(deployment);
    };
  }

  /** The requests in flight on `deployment` now. */
  current(deployment: string): number {
    return this.#counts.get(deployment) ?? 0;
  }
}
