/*
 * The request journal: what apps sent and what they got, in a ring bounded by entries and by bytes, with the
 * filters the control API exposes (GET /__sim/journal). See Journal.
 */
export { DEFAULT_MAX_BODY_BYTES, Journal } from './journal.ts';
export { JournalFilterError } from './journal-filter-error.ts';
export type { JournalEntry, JournalFilter, JournalInput, JournalOptions, JournalStats, JournalSummary } from './journal-types.ts';
export { JOURNAL_FILTER_PARAMS, JOURNAL_OPERATIONS, parseJournalFilter, type ParseFilterOptions } from './parse-journal-filter.ts';
export { ENTRY_OVERHEAD_BYTES } from './stored-entry.ts';
