import { didYouMean } from '../config/did-you-mean.ts';
import type { Operation } from '../generated/scenarios.ts';
import { compileFilter, parseInstant } from './journal-filter.ts';
import { JournalFilterError } from './journal-filter-error.ts';
import type { JournalFilter } from './journal-types.ts';

/** Every operation, to check `?operation=` at run time; the type below fails to compile if the schema gains one. */
export const JOURNAL_OPERATIONS = [
  'chat',
  'completions',
  'embeddings',
  'images',
  'imageEdits',
  'transcriptions',
  'translations',
  'speech',
  'responses',
  'videos',
  'realtime',
] as const satisfies readonly Operation[];
type Unlisted = Exclude<Operation, (typeof JOURNAL_OPERATIONS)[number]>;
const everyOperationListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyOperationListed;

/** The query parameters parseJournalFilter reads. */
export const JOURNAL_FILTER_PARAMS: readonly string[] = [
  'deployment',
  'resource',
  'region',
  'operation',
  'status',
  'status_gte',
  'status_lte',
  'testId',
  'rule',
  'since',
  'until',
  'limit',
  'stream',
];

/** What parseJournalFilter accepts besides the filter itself. */
export interface ParseFilterOptions {
  /** Parameters the caller reads itself (a format, a count flag): let through rather than refused as unknown. */
  otherParams?: readonly string[];
}

/**
 * The filter a URL query asks for: `?deployment=&operation=&status=429` or `status_gte=&status_lte=`,
 * `testId=&rule=&since=&until=` (ISO 8601 or epoch ms), `limit=&stream=true|false`. Throws JournalFilterError
 * on anything it cannot take at its word: an unknown parameter (a typo would otherwise select everything and
 * pass a test it should fail), one given twice or empty, an unknown operation, a status or limit that is not a
 * whole number, a time that is not one.
 */
export function parseJournalFilter(
  query: Readonly<Record<string, string | string[] | undefined>>,
  options: ParseFilterOptions = {},
): JournalFilter {
  const known = new Set([...JOURNAL_FILTER_PARAMS, ...(options.otherParams ?? [])]);
  for (const param of Object.keys(query)) {
    if (!known.has(param)) {
      throw new JournalFilterError(
        param,
        `unknown filter${didYouMean(param, JOURNAL_FILTER_PARAMS)}; the filters are ${JOURNAL_FILTER_PARAMS.join(', ')}`,
      );
    }
  }
  const text = (param: string): string | undefined => single(param, query[param]);
  const filter: JournalFilter = {};

  for (const param of ['deployment', 'resource', 'region', 'testId', 'rule'] as const) {
    const value = text(param);
    if (value !== undefined) filter[param] = value;
  }
  const operation = text('operation');
  if (operation !== undefined) {
    if (!(JOURNAL_OPERATIONS as readonly string[]).includes(operation)) {
      throw new JournalFilterError(
        'operation',
        `unknown operation "${operation}"${didYouMean(operation, JOURNAL_OPERATIONS)}; the operations are ${JOURNAL_OPERATIONS.join(', ')}`,
      );
    }
    filter.operation = operation as Operation;
  }

  const status = text('status');
  const gte = text('status_gte');
  const lte = text('status_lte');
  if (status !== undefined && (gte !== undefined || lte !== undefined)) {
    throw new JournalFilterError('status', 'give either status or a range (status_gte, status_lte), not both');
  }
  if (status !== undefined) filter.status = httpStatus('status', status);
  if (gte !== undefined || lte !== undefined) {
    filter.status = {
      ...(gte === undefined ? {} : { gte: httpStatus('status_gte', gte) }),
      ...(lte === undefined ? {} : { lte: httpStatus('status_lte', lte) }),
    };
  }

  for (const param of ['since', 'until'] as const) {
    const value = text(param);
    if (value !== undefined) {
      parseInstant(param, value);
      filter[param] = value.trim();
    }
  }
  const limit = text('limit');
  if (limit !== undefined) filter.limit = wholeNumber('limit', limit);
  const stream = text('stream');
  if (stream !== undefined) {
    if (stream !== 'true' && stream !== 'false') throw new JournalFilterError('stream', `must be true or false, not "${stream}"`);
    filter.stream = stream === 'true';
  }

  // The checks that span parameters (an empty status range, since after until) live in one place.
  compileFilter(filter);
  return filter;
}

function single(param: string, value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > 1) throw new JournalFilterError(param, `given ${value.length} times; give it once`);
    value = value[0];
  }
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new JournalFilterError(param, 'is empty; give a value or leave the parameter out');
  return value;
}

function wholeNumber(param: string, value: string): number {
  const text = value.trim();
  const number = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(number)) throw new JournalFilterError(param, `must be a whole number ≥ 0, not "${value}"`);
  return number;
}

function httpStatus(param: string, value: string): number {
  const text = value.trim();
  const status = /^\d{3}$/.test(text) ? Number(text) : NaN;
  if (!(status >= 100 && status <= 599)) throw new JournalFilterError(param, `must be an HTTP status (100 to 599), not "${value}"`);
  return status;
}
