import type { Clock } from '../../clock/index.ts';
import type { Scheduler, SchedulerTimer } from '../../latency/index.ts';

/**
 * A scheduler on which every wait ends at once (on the next turn of the event loop): a batch line's answer is
 * delivered without the deployment's latency, as the time a batch takes is its phases', not its lines'.
 */
export function instantScheduler(clock: Clock): Scheduler {
  let pending = 0;
  return {
    now: () => clock.now(),
    timer(wake): SchedulerTimer {
      let handle: NodeJS.Immediate | undefined;
      const cancel = () => {
        if (handle === undefined) return;
        clearImmediate(handle);
        handle = undefined;
        pending--;
      };
      return {
        set() {
          cancel();
          pending++;
          handle = setImmediate(() => {
            handle = undefined;
            pending--;
            wake();
          });
        },
        cancel,
      };
    },
    get pending() {
      return pending;
    },
  };
}
