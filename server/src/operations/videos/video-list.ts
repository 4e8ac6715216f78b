import { listPage, readListQuery, type ListQuery, type QueryString } from '../../http/cursor-list.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { videoObject, type VideoJob } from './video-job.ts';

/** A page's size when a listing names none, and the most it may ask for. */
export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;

/** Reads a listing's query string, or throws the service's 400 for a limit or order it does not take. */
export function videoListQuery(query: QueryString): ListQuery {
  return readListQuery(query, { defaultLimit: DEFAULT_LIST_LIMIT, maxLimit: MAX_LIST_LIMIT, ordered: true }, serviceErrors.invalidRequest);
}

/** One page of `jobs` (oldest first) at `nowMs`, in the cursor list shape openai-node pages through. */
export function videoListPage(jobs: readonly VideoJob[], query: ListQuery, nowMs: number) {
  return listPage(jobs, query, (job) => videoObject(job, nowMs));
}
