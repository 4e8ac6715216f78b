// What the kernel says about a process, from /proc: memory, open descriptors and scheduling.
import { readFileSync, readdirSync } from 'node:fs';

/** Resident set size in KiB (VmRSS), or undefined once the process is gone. */
export function rssKiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const found = /VmRSS:\s+(\d+) kB/.exec(status);
    return found ? Number(found[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** How many file descriptors the process holds open, or undefined once it is gone. */
export function openFds(pid: number): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}

/** A thread's time on a CPU and time spent runnable but waiting for one, in milliseconds. */
export interface SchedTimes {
  onCpuMs: number;
  waitingMs: number;
}

/**
 * The scheduler's account of a process's main thread (its tid is its pid): on a shared machine a thread can be
 * runnable and still not run, and that waiting is the machine's doing, not the program's. Undefined when the
 * kernel does not keep the account or the process is gone.
 */
export function schedTimes(pid: number | 'self'): SchedTimes | undefined {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    if (onCpu === undefined || waiting === undefined || Number.isNaN(onCpu) || Number.isNaN(waiting)) return undefined;
    return { onCpuMs: onCpu / 1e6, waitingMs: waiting / 1e6 };
  } catch {
    return undefined;
  }
}

/** Milliseconds since the epoch with sub-millisecond precision: one clock for this process and its children. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
