import { JournalFilterError } from './journal-filter-error.ts';
import type { JournalFilter } from './journal-types.ts';
import type { StoredEntry } from './stored-entry.ts';

/** ISO 8601, date alone (UTC midnight) or date and time with a zone: without one, Date.parse would read local time. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/i;
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const EPOCH_MS = /^\d+$/;

/** `value` (ISO 8601 or epoch milliseconds) as epoch ms; throws JournalFilterError, naming `param`, otherwise. */
export function parseInstant(param: string, value: string): number {
  const text = value.trim();
  if (EPOCH_MS.test(text)) return Number(text);
  if (ISO_WITHOUT_ZONE.test(text))
    throw new JournalFilterError(param, `"${value}" has no time zone; add Z (UTC) or an offset such as +02:00`);
  const ms = ISO_INSTANT.test(text) && realDate(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    throw new JournalFilterError(param, `"${value}" is not a time; give ISO 8601 (2025-01-31T12:00:00Z) or epoch milliseconds`);
  }
  return ms;
}

/** Whether the date part names a day that exists: Date.parse reads 2025-02-30 as March 2. */
function realDate(text: string): boolean {
  const [year = NaN, month = NaN, day = NaN] = text.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
}

/** A filter checked and compiled: `matches` for every field but `limit`, which the scan applies. */
export interface CompiledFilter {
  matches: (stored: StoredEntry) => boolean;
  /** Infinity when there is no limit. */
  limit: number;
}

/** Checks `filter` (throwing JournalFilterError on nonsense) and compiles it to one predicate. */
export function compileFilter(filter: JournalFilter = {}): CompiledFilter {
  const checks: ((stored: StoredEntry) => boolean)[] = [];
  const { deployment, resource, region, operation, testId, rule, stream, status } = filter;
  if (deployment !== undefined) checks.push((stored) => stored.deployment === deployment);
  if (resource !== undefined) checks.push((stored) => stored.resource === resource);
  if (region !== undefined) checks.push((stored) => stored.region === region);
  if (operation !== undefined) checks.push((stored) => stored.operation === operation);
  if (testId !== undefined) checks.push((stored) => stored.testId === testId);
  if (rule !== undefined) checks.push((stored) => stored.rule === rule);
  if (stream !== undefined) checks.push((stored) => stored.stream === stream);
  if (typeof status === 'number') {
    checks.push((stored) => stored.status === status);
  } else if (status !== undefined) {
    const gte = status.gte ?? -Infinity;
    const lte = status.lte ?? Infinity;
    if (gte > lte) throw new JournalFilterError('status', `the range is empty: at least ${gte} and at most ${lte}`);
    checks.push((stored) => stored.status >= gte && stored.status <= lte);
  }
  const since = filter.since === undefined ? undefined : parseInstant('since', filter.since);
  const until = filter.until === undefined ? undefined : parseInstant('until', filter.until);
  if (since !== undefined && until !== undefined && since >= until) {
    throw new JournalFilterError('until', `must be later than since (${new Date(since).toISOString()})`);
  }
  // NaN (a time that does not parse) fails both comparisons, so such an entry never matches a time filter.
  if (since !== undefined) checks.push(({ timeMs }) => timeMs >= since);
  if (until !== undefined) checks.push(({ timeMs }) => timeMs < until);

  const limit = filter.limit ?? Infinity;
  if (limit !== Infinity && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new JournalFilterError('limit', `must be a whole number ≥ 0, not ${limit}`);
  }
  return { matches: (stored) => checks.every((check) => check(stored)), limit };
}
