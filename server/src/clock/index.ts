export { MAX_TIMER_MS, realClock, type Clock } from './clock.ts';
export { MANUAL_EPOCH_MS, ManualClock, settle } from './manual-clock.ts';
export { JobClock, type JobTask } from './job-clock.ts';
