import type { Clock } from '../clock/index.ts';
import { ActiveCondition, type ConditionSettings } from './resource-condition.ts';

/**
 * The drills in force: at most one condition per resource (down, or degraded), set through the control API and
 * kept with the simulator's state, across reloads, until lifted, reset, or their own time is up. Time is the
 * simulator's clock, read when asked: a condition lifts itself without a timer.
 */
export class ResourceConditions {
  readonly #byResource = new Map<string, ActiveCondition>();
  readonly #clock: Clock;
  /** Each condition set draws its error rate from its own seeded stream: the nth condition on a resource repeats. */
  #set = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** How many conditions are set (some may have lifted themselves since): 0 is the data plane's whole cost. */
  get size(): number {
    return this.#byResource.size;
  }

  /** Puts `settings` on `resource` from now, in place of any condition it had. */
  set(resource: string, settings: ConditionSettings): ActiveCondition {
    const condition = new ActiveCondition(settings, this.#clock.now(), this.#seed(resource));
    this.#byResource.set(resource, condition);
    return condition;
  }

  /** Lifts `resource`'s condition: at once, or for a degraded one, easing back over `recoverOverMs`. */
  lift(resource: string, recoverOverMs?: number): void {
    const recovering =
      recoverOverMs === undefined ? undefined : this.active(resource)?.recovering(this.#clock.now(), recoverOverMs, this.#seed(resource));
    if (recovering) this.#byResource.set(resource, recovering);
    else this.#byResource.delete(resource);
  }

  /** The condition in force on `resource`, forgetting it once it has lifted itself. */
  active(resource: string): ActiveCondition | undefined {
    const condition = this.#byResource.get(resource);
    if (condition === undefined || this.#clock.now() < condition.liftsAt) return condition;
    this.#byResource.delete(resource);
    return undefined;
  }

  /** Lifts every condition (a reset of the whole simulator). */
  clear(): void {
    this.#byResource.clear();
  }

  #seed(resource: string): string {
    return `resource-condition:${resource}:${this.#set++}`;
  }
}
