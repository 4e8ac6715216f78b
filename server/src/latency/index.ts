export { fixedValue, sampler } from './distributions.ts';
export { latencyPlan, mergeProfiles, planFor, type LatencyPlan, type RequestTiming } from './latency-plan.ts';
export { InFlightCounter, loadFactor } from './load-factor.ts';
export { paceEvents, sleep, type PacedStream, type PaceOptions, type PacerLatenessObserver, type Schedule } from './pacer.ts';
export { defaultScheduler, schedulerFor, sharedScheduler, timeoutScheduler, type Scheduler, type SchedulerTimer } from './scheduler.ts';
export { streamSchedule } from './stream-schedule.ts';
