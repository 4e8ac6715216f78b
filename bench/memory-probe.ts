// Loaded into the simulator's process by `npm run bench:memory` (`node --import bench/memory-probe.ts`): V8's view
// of the process's memory every 250 ms, as JSON lines appended to $AOAI_SIM_BENCH_MEMORY. RSS alone cannot say
// whether the JavaScript heap, the young generation's reserve, WASM memory or Node's buffers hold it; this can,
// without touching the simulator's code.
import { appendFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

export interface MemorySample {
  /** Epoch ms. */
  at: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  /** Memory outside V8's heap that V8 knows of: buffers, and WASM memories (the tokenizer's). */
  external: number;
  arrayBuffers: number;
  /** The young generation's reserved size (both semi-spaces), and what lives in it. */
  newSpace: number;
  newSpaceUsed: number;
  oldSpace: number;
  oldSpaceUsed: number;
  /** The garbage collector's pauses since the process started, ms, all kinds together, and how many. */
  gcMs: number;
  gcCount: number;
}

const file = process.env.AOAI_SIM_BENCH_MEMORY;
if (file) {
  let gcMs = 0;
  let gcCount = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcCount++;
    }
  }).observe({ entryTypes: ['gc'] });
  const sample = (): MemorySample => {
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    const spaces = getHeapSpaceStatistics();
    const space = (name: string) => spaces.find((s) => s.space_name === name);
    return {
      at: Date.now(),
      rss,
      heapTotal,
      heapUsed,
      external,
      arrayBuffers,
      newSpace: space('new_space')?.space_size ?? 0,
      newSpaceUsed: space('new_space')?.space_used_size ?? 0,
      oldSpace: space('old_space')?.space_size ?? 0,
      oldSpaceUsed: space('old_space')?.space_used_size ?? 0,
      gcMs,
      gcCount,
    };
  };
  setInterval(() => appendFileSync(file, `${JSON.stringify(sample())}\n`), 250).unref();
}
