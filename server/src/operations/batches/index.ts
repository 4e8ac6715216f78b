export { batchCreateRequest } from './batch-create-request.ts';
export { BatchJobs } from './batch-jobs.ts';
export { batchObject, type BatchRecord, type BatchStatus } from './batch-record.ts';
export { batchErrors } from './batch-errors.ts';
export { instantScheduler } from './instant-scheduler.ts';
