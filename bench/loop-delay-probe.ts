// Loaded into the simulator's process by a benchmark (`node --import bench/loop-delay-probe.ts`): how late its
// event loop ran and how long its GC paused, per second, written as JSON lines to $AOAI_SIM_BENCH_PROBE when the
// process exits. A delta can be no more punctual than the loop that sends it: this tells the simulator's own
// lateness apart from the network's and the load generator's, without touching the simulator's code.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface ProbeWindow {
  /** The window's end, epoch ms. */
  at: number;
  /** Event-loop delay in the window, ms (10 ms resolution: shorter stalls are not seen). */
  p99: number;
  max: number;
  /** The longest GC pause in the window, ms, and its kind (1 scavenge, 2 minor mark-sweep, 4 mark-compact). */
  gcMax: number;
  gcKind: number;
}

const file = process.env.AOAI_SIM_BENCH_PROBE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const windows: ProbeWindow[] = [];
  let gcMax = 0;
  let gcKind = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.duration > gcMax) {
        gcMax = entry.duration;
        gcKind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
      }
  }).observe({ entryTypes: ['gc'] });
  const close = () => {
    windows.push({ at: Date.now(), p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, gcMax, gcKind });
    delay.reset();
    gcMax = 0;
  };
  setInterval(close, 1000).unref();
  process.once('exit', () => {
    close();
    appendFileSync(file, windows.map((window) => JSON.stringify(window)).join('\n') + '\n');
  });
}
