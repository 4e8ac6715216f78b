// What the kernel says about a process, from /proc: memory, open descriptors and scheduling.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

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

/** The process's open descriptors: sockets, and everything else (files, pipes, event fds), or undefined once it is gone. */
export function fdKinds(pid: number): { sockets: number; other: number } | undefined {
  try {
    let sockets = 0;
    let other = 0;
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
        else other++;
      } catch {
        // closed between the listing and the look
      }
    }
    return { sockets, other };
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
