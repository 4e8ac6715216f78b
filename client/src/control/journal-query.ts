import type { JournalFilter } from './types.ts';

/**
 * The query string GET /__sim/journal reads for `filter` (see the server's parseJournalFilter). Fields left
 * undefined are not sent; anything else is sent as given, so the server refuses nonsense with its reason
 * instead of the client quietly dropping it and selecting more than was asked.
 *
 * @example
 *   journalQuery({ deployment: 'chat', status: { gte: 400 } }).toString(); // 'deployment=chat&status_gte=400'
 */
export function journalQuery(filter: JournalFilter = {}): URLSearchParams {
  const query = new URLSearchParams();
  const put = (param: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) query.set(param, String(value));
  };
  put('deployment', filter.deployment);
  put('resource', filter.resource);
  put('region', filter.region);
  put('operation', filter.operation);
  if (typeof filter.status === 'object') {
    put('status_gte', filter.status.gte);
    put('status_lte', filter.status.lte);
  } else {
    put('status', filter.status);
  }
  put('testId', filter.testId);
  put('rule', filter.rule);
  put('since', instant(filter.since));
  put('until', instant(filter.until));
  put('limit', filter.limit);
  put('stream', filter.stream);
  return query;
}

// ISO with the Z the server insists on: a zoneless time would be read in whichever zone the server runs in.
function instant(value: string | number | Date | undefined): string | undefined {
  return value instanceof Date ? value.toISOString() : value === undefined ? undefined : String(value);
}
