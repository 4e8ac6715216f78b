// Samples a child process's memory and CPU from /proc once a second, so a benchmark can report the peak RSS and
// whether the simulator's core, rather than the load generator's, was the one that ran out.
import { readFileSync } from 'node:fs';

/** Kernel ticks per second on Linux (USER_HZ), the unit of utime and stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

export interface ProcessSample {
  /** The largest VmRSS seen by a sample, MiB. */
  maxRssMiB: number;
  /** VmHWM at the last sample: the kernel's own peak, which a sample between two peaks cannot miss, MiB. */
  peakRssMiB: number;
  /** CPU used over the whole sampling, as a share of one core (1 = 100%). */
  cpuShare: number;
  /** CPU used over the whole sampling, seconds. */
  cpuSeconds: number;
  /** The busiest one-second window's CPU, as a share of one core. */
  peakCpuShare: number;
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name in parentheses may hold spaces: the fields are counted from its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function memoryKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
}

/** Samples `pid` every `everyMs` until stop() is called; stop() returns what was seen. */
export function sampleProcess(pid: number, everyMs = 1000): { stop(): ProcessSample } {
  const startedAt = performance.now();
  const startTicks = cpuTicks(pid);
  let lastAt = startedAt;
  let lastTicks = startTicks;
  let maxRss = memoryKiB(pid, 'VmRSS');
  let peakRss = memoryKiB(pid, 'VmHWM');
  let peakCpu = 0;
  const sample = () => {
    try {
      const now = performance.now();
      const ticks = cpuTicks(pid);
      peakCpu = Math.max(peakCpu, (ticks - lastTicks) / TICKS_PER_SECOND / ((now - lastAt) / 1000));
      lastAt = now;
      lastTicks = ticks;
      maxRss = Math.max(maxRss, memoryKiB(pid, 'VmRSS'));
      peakRss = memoryKiB(pid, 'VmHWM');
    } catch {
      // the process is gone: the samples so far stand
    }
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return {
        maxRssMiB: maxRss / 1024,
        peakRssMiB: peakRss / 1024,
        cpuShare: (lastTicks - startTicks) / TICKS_PER_SECOND / ((lastAt - startedAt) / 1000),
        cpuSeconds: (lastTicks - startTicks) / TICKS_PER_SECOND,
        peakCpuShare: peakCpu,
      };
    },
  };
}

/** The same for this process, from Node's own counters: its share of a core over a run, and its busiest second. */
export function sampleSelf(everyMs = 1000): { stop(): { cpuShare: number; peakCpuShare: number } } {
  const startedAt = performance.now();
  const start = process.cpuUsage();
  let last = start;
  let lastAt = startedAt;
  let peak = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const used = process.cpuUsage(last);
    peak = Math.max(peak, (used.user + used.system) / 1000 / (now - lastAt));
    last = process.cpuUsage();
    lastAt = now;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const used = process.cpuUsage(start);
      return { cpuShare: (used.user + used.system) / 1000 / (performance.now() - startedAt), peakCpuShare: peak };
    },
  };
}
