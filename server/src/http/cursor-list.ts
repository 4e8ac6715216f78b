/**
 * The service's cursor listings (files, batches, video jobs): a page of `limit` items after the item `after`,
 * in the order asked, answered as `{ object: "list", data, first_id, last_id, has_more }`, the shape the openai
 * SDKs page through.
 */
export interface ListQuery {
  limit: number;
  after?: string;
  order: 'asc' | 'desc';
}

/** A query string as Koa parses it. */
export type QueryString = Readonly<Record<string, string | string[] | undefined>>;

/** One value of a query parameter: the last, when it is given more than once. */
export function queryValue(query: QueryString, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value.at(-1) : value;
}

/**
 * Reads `limit`, `after` and (when the listing takes one) `order` from a query string, or throws what `refuse`
 * makes of a limit outside 1..maxLimit or an order other than asc or desc: each listing refuses with its own error.
 */
export function readListQuery(
  query: QueryString,
  bounds: { defaultLimit: number; maxLimit: number; ordered: boolean },
  refuse: (message: string, param: string) => Error,
): ListQuery {
  const limitText = queryValue(query, 'limit');
  const limit = limitText === undefined ? bounds.defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > bounds.maxLimit)
    throw refuse(`Invalid 'limit': expected an integer between 1 and ${bounds.maxLimit}.`, 'limit');
  const order = bounds.ordered ? (queryValue(query, 'order') ?? 'desc') : 'desc';
  if (order !== 'asc' && order !== 'desc') throw refuse(`Invalid 'order': expected 'asc' or 'desc'.`, 'order');
  const after = queryValue(query, 'after');
  return after ? { limit, order, after } : { limit, order };
}

/** One page of `items` (oldest first), in the list shape, each shown by `show`. */
export function listPage<T extends { id: string }, Shown>(items: readonly T[], query: ListQuery, show: (item: T) => Shown) {
  const ordered = query.order === 'desc' ? items.toReversed() : items;
  // an `after` no longer listed (deleted or forgotten since the page before) ends the listing rather than starting it again
  const at = query.after === undefined ? -1 : ordered.findIndex((item) => item.id === query.after);
  const start = query.after === undefined ? 0 : at === -1 ? ordered.length : at + 1;
  const page = ordered.slice(start, start + query.limit);
  return {
    object: 'list',
    data: page.map(show),
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
    has_more: start + page.length < ordered.length,
  };
}
