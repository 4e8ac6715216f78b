import { serviceErrors } from '../../protocol/service-errors.ts';
import { videoObject, type VideoJob } from './video-job.ts';

/** A page's size when a listing names none, and the most it may ask for. */
export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;

/** A listing's query: `limit`, `after` (the last id of the page before), `order` by creation. */
export interface VideoListQuery {
  limit: number;
  after?: string;
  order: 'asc' | 'desc';
}

/** Reads a listing's query string, or throws the service's 400 for a limit or order it does not take. */
export function videoListQuery(query: Readonly<Record<string, string | string[] | undefined>>): VideoListQuery {
  const one = (name: string) => {
    const value = query[name];
    return Array.isArray(value) ? value.at(-1) : value;
  };
  const limitText = one('limit');
  const limit = limitText === undefined ? DEFAULT_LIST_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
    throw serviceErrors.invalidRequest(`Invalid 'limit': expected an integer between 1 and ${MAX_LIST_LIMIT}.`, 'limit');
  const order = one('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw serviceErrors.invalidRequest(`Invalid 'order': expected 'asc' or 'desc'.`, 'order');
  const after = one('after');
  return after ? { limit, order, after } : { limit, order };
}

/** One page of `jobs` (oldest first) at `nowMs`, in the cursor list shape openai-node pages through. */
export function videoListPage(jobs: readonly VideoJob[], query: VideoListQuery, nowMs: number) {
  const ordered = query.order === 'desc' ? jobs.toReversed() : jobs;
  // an `after` no longer listed (deleted since the page before) ends the listing rather than starting it again
  const at = query.after === undefined ? -1 : ordered.findIndex((job) => job.id === query.after);
  const start = query.after === undefined ? 0 : at === -1 ? ordered.length : at + 1;
  const page = ordered.slice(start, start + query.limit);
  return {
    object: 'list',
    data: page.map((job) => videoObject(job, nowMs)),
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
    has_more: start + page.length < ordered.length,
  };
}
