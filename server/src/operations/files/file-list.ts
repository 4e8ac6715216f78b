import { fileErrors } from './file-errors.ts';
import { fileObject, type FileRecord } from './file-object.ts';

/** The most files one page lists, and the default: the Files API's 10,000. */
export const MAX_LIST_LIMIT = 10_000;

/** A listing's query: `purpose`, `limit`, `after` (the last id of the page before), `order` by creation. */
export interface FileListQuery {
  purpose?: string;
  limit: number;
  after?: string;
  order: 'asc' | 'desc';
}

/** Reads a listing's query string, or throws the service's 400 for a limit or order it does not take. */
export function fileListQuery(query: Readonly<Record<string, string | string[] | undefined>>): FileListQuery {
  const one = (name: string) => {
    const value = query[name];
    return Array.isArray(value) ? value.at(-1) : value;
  };
  const limitText = one('limit');
  const limit = limitText === undefined ? MAX_LIST_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
    throw fileErrors.badListParameter(`Invalid 'limit': expected an integer between 1 and ${MAX_LIST_LIMIT}.`, 'limit');
  const order = one('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw fileErrors.badListParameter(`Invalid 'order': expected 'asc' or 'desc'.`, 'order');
  const listing: FileListQuery = { limit, order };
  const purpose = one('purpose');
  if (purpose) listing.purpose = purpose;
  const after = one('after');
  if (after) listing.after = after;
  return listing;
}

/** One page of a listing of `files` (oldest first, as the store keeps them), in the Files API's list shape. */
export function fileListPage(files: readonly FileRecord[], query: FileListQuery) {
  let matching = files.filter((file) => query.purpose === undefined || file.purpose === query.purpose);
  if (query.order === 'desc') matching = matching.toReversed();
  // an `after` no longer listed (deleted since the page before) ends the listing rather than starting it again
  const at = query.after === undefined ? -1 : matching.findIndex((file) => file.id === query.after);
  const start = query.after === undefined ? 0 : at === -1 ? matching.length : at + 1;
  const page = matching.slice(start, start + query.limit);
  return {
    object: 'list',
    data: page.map(fileObject),
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
    has_more: start + page.length < matching.length,
  };
}
