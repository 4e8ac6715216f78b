// The simulator's memory: sampled throughout, and measured after a forced collection at two quiet points.
import { nowMs, rssKiB } from '../harness/proc-stats.ts';
import type { SimChild } from '../harness/sim-child.ts';

const SAMPLE_EVERY_MS = 250;

/** A window in which the harness itself held the simulator's event loop (a forced collection). */
export interface HarnessPause {
  fromMs: number;
  toMs: number;
}

export class MemoryWatch {
  peakKiB = 0;
  readonly pauses: HarnessPause[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly sim: SimChild;

  constructor(sim: SimChild) {
    this.sim = sim;
    this.timer = setInterval(() => {
      this.peakKiB = Math.max(this.peakKiB, rssKiB(sim.pid) ?? 0);
    }, SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  /**
   * RSS in KiB once garbage is gone: two forced full collections (the second frees what the first's finalisers
   * released), then a moment for the allocator to return pages. Call with no requests in flight. The time the
   * collections hold the event loop is recorded, so that the probe's stalls in it are not blamed on the simulator.
   */
  async retainedKiB(): Promise<number | undefined> {
    const fromMs = nowMs();
    const collected = (await this.sim.collectGarbage()) && (await this.sim.collectGarbage());
    await new Promise((resolve) => setTimeout(resolve, 200));
    this.pauses.push({ fromMs, toMs: nowMs() + 50 });
    return collected ? rssKiB(this.sim.pid) : undefined;
  }

  /**
   * The JavaScript heap in KiB once garbage is gone (see retainedKiB): what the simulator's own objects keep,
   * which RSS reports only roughly, since V8 and the allocator keep pages they have freed.
   */
  async retainedHeapKiB(): Promise<number | undefined> {
    const fromMs = nowMs();
    const collected = (await this.sim.collectGarbage()) && (await this.sim.collectGarbage());
    const bytes = collected ? await this.sim.heapUsedBytes() : undefined;
    this.pauses.push({ fromMs, toMs: nowMs() + 50 });
    return bytes === undefined ? undefined : Math.round(bytes / 1024);
  }

  stop(): void {
    clearInterval(this.timer);
    this.peakKiB = Math.max(this.peakKiB, rssKiB(this.sim.pid) ?? 0);
  }
}
