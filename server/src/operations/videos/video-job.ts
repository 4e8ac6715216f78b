/** The clip lengths Sora 2 makes, in seconds, as the API spells them. */
export const VIDEO_SECONDS = ['4', '8', '12'] as const;
export type VideoSeconds = (typeof VIDEO_SECONDS)[number];

/** The sizes Sora 2 Pro makes; sora-2 makes the 720p pair only (see sizesFor). */
export const VIDEO_SIZES = ['720x1280', '1280x720', '1024x1792', '1792x1024'] as const;
export type VideoSize = (typeof VIDEO_SIZES)[number];

/** How long a finished video's assets can be downloaded, after it completes: a day. */
export const ASSET_LIFETIME_MS = 24 * 3600 * 1000;

export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

/** Why a job failed, as the video object's `error` shows it. */
export interface VideoFailure {
  code: string;
  message: string;
}

/**
 * A video job as the simulator keeps it. Times are epoch milliseconds on the job clock; the status and progress
 * are read off that clock (videoStatus), so a poll between two of its steps needs no timer.
 */
export interface VideoJob {
  id: string;
  /** The model the request named: the deployment, on Azure's v1 routes. */
  model: string;
  prompt: string;
  seconds: VideoSeconds;
  size: VideoSize;
  /** The resource the job was created on, which its event names. */
  resource: string;
  createdAtMs: number;
  /** When it leaves the queue and starts rendering. */
  startsAtMs: number;
  /** When its rendering is done and it completes, unless it fails first. */
  endsAtMs: number;
  /** A failure a fault scripted, and when it happens (while rendering). */
  failure?: { error: VideoFailure; atMs: number };
  remixedFromVideoId?: string;
}

/** The sizes `model` makes: the Pro models all four, the others the 720p pair. */
export function sizesFor(model: string): readonly VideoSize[] {
  return /pro/i.test(model) ? VIDEO_SIZES : VIDEO_SIZES.slice(0, 2);
}

/** When the job ends, completed or failed: what its event is timed by. */
export function jobEndsAtMs(job: VideoJob): number {
  return job.failure?.atMs ?? job.endsAtMs;
}

export function videoStatus(job: VideoJob, nowMs: number): VideoStatus {
  if (job.failure && nowMs >= job.failure.atMs) return 'failed';
  if (nowMs < job.startsAtMs) return 'queued';
  return nowMs < job.endsAtMs ? 'in_progress' : 'completed';
}

/** How far along the job is, 0 to 100: rising with the clock while it renders, 100 once completed. */
export function videoProgress(job: VideoJob, nowMs: number): number {
  const status = videoStatus(job, nowMs);
  if (status === 'completed') return 100;
  const span = job.endsAtMs - job.startsAtMs;
  // a failed job keeps the progress it had reached; a rendering one shows 100 only once completed
  const at = Math.min(nowMs, jobEndsAtMs(job));
  if (status === 'queued' || span <= 0 || at <= job.startsAtMs) return 0;
  return Math.min(99, Math.floor((100 * (at - job.startsAtMs)) / span));
}

/** When a completed video's assets stop being downloadable; undefined before it completes. */
export function assetsExpireAtMs(job: VideoJob, nowMs: number): number | undefined {
  return videoStatus(job, nowMs) === 'completed' ? job.endsAtMs + ASSET_LIFETIME_MS : undefined;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The video object retrieve, list and create answer, as it stands at `nowMs`. */
export function videoObject(job: VideoJob, nowMs: number) {
  const status = videoStatus(job, nowMs);
  const expiresAt = assetsExpireAtMs(job, nowMs);
  return {
    id: job.id,
    object: 'video',
    created_at: seconds(job.createdAtMs),
    status,
    completed_at: status === 'completed' ? seconds(job.endsAtMs) : null,
    error: status === 'failed' ? job.failure!.error : null,
    expires_at: expiresAt === undefined ? null : seconds(expiresAt),
    model: job.model,
    progress: videoProgress(job, nowMs),
    prompt: job.prompt,
    remixed_from_video_id: job.remixedFromVideoId ?? null,
    seconds: job.seconds,
    size: job.size,
  };
}
