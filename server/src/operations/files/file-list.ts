import { listPage, queryValue, readListQuery, type ListQuery, type QueryString } from '../../http/cursor-list.ts';
import { fileErrors } from './file-errors.ts';
import { fileObject, type FileRecord } from './file-object.ts';

/** The most files one page lists, and the default: the Files API's 10,000. */
export const MAX_LIST_LIMIT = 10_000;

/** A listing's query: `purpose`, and the cursor listing's `limit`, `after` and `order`. */
export interface FileListQuery extends ListQuery {
  purpose?: string;
}

/** Reads a listing's query string, or throws the service's 400 for a limit or order it does not take. */
export function fileListQuery(query: QueryString): FileListQuery {
  const listing: FileListQuery = readListQuery(
    query,
    { defaultLimit: MAX_LIST_LIMIT, maxLimit: MAX_LIST_LIMIT, ordered: true },
    fileErrors.badListParameter,
  );
  const purpose = queryValue(query, 'purpose');
  if (purpose) listing.purpose = purpose;
  return listing;
}

/** One page of a listing of `files` (oldest first, as the store keeps them), in the Files API's list shape. */
export function fileListPage(files: readonly FileRecord[], query: FileListQuery) {
  const matching = files.filter((file) => query.purpose === undefined || file.purpose === query.purpose);
  return listPage(matching, query, fileObject);
}
