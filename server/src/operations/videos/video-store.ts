import { BoundedLru, type MemoryBounds, type StoreUsage } from '../../memory/index.ts';
import type { VideoJob } from './video-job.ts';

interface Kept {
  job: VideoJob;
  /** The order it was created in: jobs created in the same millisecond list in that order. */
  sequence: number;
}

/**
 * The video jobs kept, within server.memory.videoJobs: the least recently used is forgotten first, and
 * `onForget` hears of each job that leaves (deleted or forgotten), to stop what it had scheduled.
 */
export class VideoStore {
  readonly #kept: BoundedLru<string, Kept>;
  #created = 0;

  constructor(bounds: MemoryBounds, onForget: (job: VideoJob) => void) {
    this.#kept = new BoundedLru<string, Kept>(
      bounds,
      ({ job }) => job.prompt.length + 256,
      ({ job }) => onForget(job),
    );
  }

  /** The entries and bytes kept (see StoreUsage). */
  get usage(): StoreUsage {
    return this.#kept.usage;
  }

  add(job: VideoJob): void {
    this.#kept.set(job.id, { job, sequence: ++this.#created });
  }

  get(id: string): VideoJob | undefined {
    return this.#kept.get(id)?.job;
  }

  delete(id: string): boolean {
    return this.#kept.delete(id);
  }

  /** Every job kept, oldest first. */
  list(): VideoJob[] {
    return [...this.#kept.values()].sort((a, b) => a.job.createdAtMs - b.job.createdAtMs || a.sequence - b.sequence).map(({ job }) => job);
  }
}
