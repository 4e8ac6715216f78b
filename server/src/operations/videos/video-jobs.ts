import { ids } from '../../protocol/ids.ts';
import type { Clock } from '../../clock/index.ts';
import type { ResolvedVideoTiming } from '../../config/resolve-config.ts';
import type { ChosenFault } from '../../faults/fault-injector.ts';
import type { JobEvents } from '../../jobs/job-events.ts';
import type { MemoryBounds, StoreUsage } from '../../memory/index.ts';
import { jobEndsAtMs, type VideoJob } from './video-job.ts';
import { VideoTimer } from './video-plan.ts';
import type { VideoRequest } from './video-request.ts';
import { VideoStore } from './video-store.ts';

/** What starts a job: the request, checked, and where it came from. */
export interface VideoOrder extends VideoRequest {
  resource: string;
  /** The deployment's job timing, and its name, which seeds the timing's draws. */
  timing: ResolvedVideoTiming;
  deployment: string;
  fault?: ChosenFault;
  requestId: string;
  remixedFromVideoId?: string;
}

/**
 * The video jobs of one simulator, on the job clock: each is kept with the times of its steps, and one timer at
 * its end announces `video.completed` or `video.failed` on the job events, when the clock (or a test's advance)
 * gets there. Deleting or forgetting a job stops its timer.
 */
export class VideoJobs {
  readonly #clock: Clock;
  readonly #events: JobEvents;
  readonly #store: VideoStore;
  readonly #ends = new Map<string, unknown>();
  // one set of draws per deployment timing: a new configuration brings new timings, and so fresh draws
  readonly #timers = new WeakMap<ResolvedVideoTiming, VideoTimer>();

  constructor(bounds: MemoryBounds, clock: Clock, events: JobEvents) {
    this.#clock = clock;
    this.#events = events;
    this.#store = new VideoStore(bounds, (job) => this.#stop(job.id));
  }

  /** The jobs kept (see StoreUsage). */
  get usage(): StoreUsage {
    return this.#store.usage;
  }

  /** The job clock's time, epoch ms: what every status is read at. */
  now(): number {
    return this.#clock.epochMs();
  }

  start(order: VideoOrder): VideoJob {
    let timer = this.#timers.get(order.timing);
    if (timer === undefined) this.#timers.set(order.timing, (timer = new VideoTimer(order.timing, `video:${order.deployment}`)));
    const createdAtMs = this.now();
    const plan = timer.plan(createdAtMs, order.seconds, order.fault, order.requestId);
    const job: VideoJob = {
      id: ids.video(),
      model: order.model,
      prompt: order.prompt,
      seconds: order.seconds,
      size: order.size,
      resource: order.resource,
      createdAtMs,
      ...plan,
    };
    if (order.remixedFromVideoId !== undefined) job.remixedFromVideoId = order.remixedFromVideoId;
    this.#store.add(job);
    const end = this.#clock.setTimeout(() => this.#end(job), jobEndsAtMs(job) - createdAtMs);
    this.#ends.set(job.id, end);
    return job;
  }

  get(id: string): VideoJob | undefined {
    return this.#store.get(id);
  }

  list(): VideoJob[] {
    return this.#store.list();
  }

  delete(id: string): boolean {
    return this.#store.delete(id);
  }

  #end(job: VideoJob): void {
    this.#ends.delete(job.id);
    const type = job.failure ? 'video.failed' : 'video.completed';
    this.#events.emit({ type, id: job.id, createdAt: Math.floor(this.now() / 1000), resource: job.resource });
  }

  #stop(id: string): void {
    const end = this.#ends.get(id);
    if (end === undefined) return;
    this.#clock.clearTimeout(end);
    this.#ends.delete(id);
  }
}
