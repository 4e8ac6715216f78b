// Samples a process's memory and CPU from /proc once a second, so a benchmark can report the peak RSS, and which
// core ran out: the simulator's, the load generator's, or neither because other processes took the core.
import { readFileSync } from 'node:fs';

/** Kernel ticks per second on Linux (USER_HZ), the unit of utime and stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

export interface ProcessSample {
  /** VmHWM at the last sample: the kernel's own peak, which a sample between two peaks cannot miss, MiB. */
  peakRssMiB: number;
  /** CPU used over the whole sampling, as a share of one core (1 = 100%). */
  cpuShare: number;
  /** CPU used over the whole sampling, seconds. */
  cpuSeconds: number;
  /** The busiest one-second window's CPU, as a share of one core. */
  peakCpuShare: number;
  /**
   * The share of the time its main thread was ready to run but waited for a CPU (/proc/<pid>/schedstat): other
   * processes on its core. Their niceness does not help across sessions when the kernel groups tasks by session
   * (sched_autogroup).
   */
  waitShare: number;
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name in parentheses may hold spaces: the fields are counted from its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Nanoseconds the main thread spent waiting on a run queue. */
function waitedNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
}

function peakKiB(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

/** Samples `pid` every `everyMs` until stop(), which takes a last sample and returns what was seen. */
export function sampleProcess(pid: number, everyMs = 1000): { stop(): ProcessSample } {
  const startedAt = performance.now();
  const startTicks = cpuTicks(pid);
  const startWait = waitedNs(pid);
  let lastAt = startedAt;
  let lastTicks = startTicks;
  let lastWait = startWait;
  let peak = peakKiB(pid);
  let peakCpu = 0;
  const sample = () => {
    try {
      const now = performance.now();
      const ticks = cpuTicks(pid);
      peakCpu = Math.max(peakCpu, (ticks - lastTicks) / TICKS_PER_SECOND / ((now - lastAt) / 1000));
      lastWait = waitedNs(pid);
      lastAt = now;
      lastTicks = ticks;
      // an exited process (a zombie) has no memory lines: its last peak stands
      peak = Math.max(peak, peakKiB(pid));
    } catch {
      // the process is gone: the samples so far stand
    }
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = (lastAt - startedAt) / 1000;
      return {
        peakRssMiB: peak / 1024,
        cpuShare: (lastTicks - startTicks) / TICKS_PER_SECOND / seconds,
        cpuSeconds: (lastTicks - startTicks) / TICKS_PER_SECOND,
        peakCpuShare: peakCpu,
        waitShare: (lastWait - startWait) / 1e9 / seconds,
      };
    },
  };
}

/**
 * Several processes sampled as one (a simulator's primary and its workers): CPU summed, the peak RSS as the sum of
 * each one's peak (an upper bound of what they held at once), the wait for a core as their mean.
 */
export function sampleProcesses(pids: number[], everyMs = 1000): { stop(): ProcessSample } {
  const samplers = pids.map((pid) => sampleProcess(pid, everyMs));
  return {
    stop() {
      const samples = samplers.map((sampler) => sampler.stop());
      const sum = (key: keyof ProcessSample) => samples.reduce((total, sample) => total + sample[key], 0);
      return {
        peakRssMiB: sum('peakRssMiB'),
        cpuShare: sum('cpuShare'),
        cpuSeconds: sum('cpuSeconds'),
        peakCpuShare: sum('peakCpuShare'),
        waitShare: sum('waitShare') / samples.length,
      };
    },
  };
}
