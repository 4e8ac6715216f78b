import type { JournalEntry } from './types.ts';

/** Enough rows to see a pattern in a failure message without burying it. */
export const DEFAULT_TABLE_ROWS = 15;

const COLUMNS = ['time', 'deployment', 'operation', 'status', 'tokens', 'note'] as const;

/**
 * Journal entries as a short aligned table for a failure message, oldest first; past `maxRows`, the newest
 * `maxRows` and a line saying how many earlier ones were left out. Times are UTC, to the millisecond.
 *
 * @example
 *   callTable(entries);
 *   //   time           deployment  operation  status  tokens  note
 *   //   09:15:02.114Z  chat        chat       200     12 + 5  rule greet
 *   //   09:15:02.131Z  chat        chat       429     -       refused (call limit), retry after 983 ms
 */
export function callTable(entries: readonly JournalEntry[], maxRows = DEFAULT_TABLE_ROWS): string {
  const shown = entries.slice(Math.max(0, entries.length - maxRows));
  const rows = [[...COLUMNS], ...shown.map(row)];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((cells) => cells[column]?.length ?? 0)));
  const lines = rows.map((cells) => `  ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd());
  const hidden = entries.length - shown.length;
  if (hidden > 0) lines.splice(1, 0, `  … ${hidden} earlier ${hidden === 1 ? 'call' : 'calls'} not shown`);
  return lines.join('\n');
}

function row(entry: JournalEntry): string[] {
  return [
    // the journal writes toISOString(); anything else is shown whole rather than cut in the wrong place
    /^\d{4}-\d{2}-\d{2}T/.test(entry.time) ? entry.time.slice(11) : entry.time,
    entry.deployment ?? '-',
    entry.operation ?? '-',
    entry.status === 0 ? '0 (gone)' : String(entry.status),
    entry.tokens ? `${entry.tokens.prompt} + ${entry.tokens.completion}` : '-',
    note(entry),
  ];
}

function note(entry: JournalEntry): string {
  const parts: string[] = [];
  const { limiter } = entry;
  // an error no fault or limit explains below: the service's code for it
  if (entry.errorCode !== undefined && entry.fault === undefined && limiter?.decision !== 'refused') parts.push(entry.errorCode);
  // refused before a deployment was found: the path shows what was asked for
  if (entry.deployment === undefined) parts.push(`${entry.method} ${entry.path}`);
  if (limiter?.decision === 'refused') {
    const limit = limiter.limit === undefined ? '' : ` (${limiter.limit} limit)`;
    const wait = limiter.retryAfterMs === undefined ? '' : `, retry after ${Math.round(limiter.retryAfterMs)} ms`;
    parts.push(`refused${limit}${wait}`);
  }
  if (entry.fault !== undefined) parts.push(`fault ${entry.fault}`);
  if (entry.rule !== undefined) parts.push(`rule ${entry.rule}`);
  if (entry.cassette !== undefined) parts.push(`cassette ${entry.cassette}`);
  if (entry.testId !== undefined) parts.push(`test ${entry.testId}`);
  if (entry.stream) parts.push('stream');
  return parts.join(', ');
}
