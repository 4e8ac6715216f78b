// Pinning processes to cores, as `npm run bench` does: the simulator on one core, the load on the other.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

let available: boolean | undefined;

/** Whether `taskset` can be used here (util-linux, Linux only) and there are two cores to split. */
export function canPin(): boolean {
  if (available === undefined) {
    available = availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
  }
  return available;
}

/** The command and arguments that run `command args` on `core`, or as they are when pinning is off or impossible. */
export function pinned(core: string | undefined, command: string, args: string[]): [string, string[]] {
  if (core === undefined || !canPin()) return [command, args];
  return ['taskset', ['-c', core, command, ...args]];
}

/**
 * Moves this process (all its threads) to `core`, so that it and the children it forks later (the probe) stay off
 * the simulator's core. Does nothing where pinning is impossible.
 */
export function pinSelf(core: string): boolean {
  if (!canPin()) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', core, String(process.pid)], { stdio: 'ignore' }).status === 0;
}
