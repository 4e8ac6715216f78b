export { VIDEO_VARIANTS, videoAsset, videoVariant } from './video-assets.ts';
export { videoErrors } from './video-errors.ts';
export { jobEndsAtMs, videoObject, videoStatus, assetsExpireAtMs, type VideoJob } from './video-job.ts';
export { videoListPage, videoListQuery } from './video-list.ts';
export { remixPrompt, requestedModel, videoRequest } from './video-request.ts';
export { VideoJobs, type VideoOrder } from './video-jobs.ts';
