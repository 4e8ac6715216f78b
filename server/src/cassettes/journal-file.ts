import { basename, dirname, join } from 'node:path';
import { orderInteraction } from './cassette-file.ts';
import type { Interaction } from './cassette-types.ts';

/**
 * The journal of a cassette being recorded: a hidden file beside it (a dot name, which cassette globs skip), one
 * interaction per line in JSON, after a header line that says how many interactions the cassette held when the
 * journal began. An append writes one line at the end, whatever the size of the session; a kill in the middle
 * of one leaves a last line without its newline, which readers ignore. Compaction folds the lines into the
 * cassette; the header is what makes doing that twice (a kill between writing the cassette and removing the
 * journal) harmless.
 */
const JOURNAL_NAME = /^\.(.+)\.(\d+)\.journal$/;
const HEADER_KEY = 'aoaiSimJournal';

/** The journal a process keeps for the cassette at `cassettePath`. */
export function journalPath(cassettePath: string, pid = process.pid): string {
  return join(dirname(cassettePath), `.${basename(cassettePath)}.${pid}.journal`);
}

/** The cassette file name and process id a journal's file name holds; undefined for any other file. */
export function parseJournalName(name: string): { cassette: string; pid: number } | undefined {
  const match = JOURNAL_NAME.exec(name);
  return match ? { cassette: match[1]!, pid: Number(match[2]) } : undefined;
}

/** The first line of a journal whose cassette holds `base` interactions. */
export function journalHeader(base: number): string {
  return `${JSON.stringify({ [HEADER_KEY]: 1, base })}\n`;
}

/** The line that records `interaction`. */
export function journalLine(interaction: Interaction): string {
  return `${JSON.stringify(orderInteraction(interaction))}\n`;
}

/** What a journal holds: the cassette's size when it began, and the interactions recorded since, in order. */
export interface Journal {
  base: number;
  entries: Interaction[];
}

/**
 * Reads a journal's text. Only whole lines count: a line cut short by a kill (no newline, or not JSON) ends it.
 * Undefined when even the header is missing, as after a kill right after the file was created.
 */
export function readJournal(text: string): Journal | undefined {
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a line a kill cut short
  const header = parseLine(lines[0]) as Record<string, unknown> | undefined;
  if (header?.[HEADER_KEY] !== 1 || !Number.isInteger(header.base)) return undefined;
  const entries: Interaction[] = [];
  for (const line of lines.slice(1)) {
    const entry = parseLine(line);
    if (entry === undefined) break;
    entries.push(entry as Interaction);
  }
  return { base: header.base as number, entries };
}

/**
 * The journal's interactions that `recorded` (the cassette's interactions) does not hold yet: all of them,
 * unless a compaction already wrote them, as one run at or after the place the journal began.
 */
export function pendingInteractions(recorded: readonly Interaction[], journal: Journal): Interaction[] {
  const { base, entries } = journal;
  if (entries.length === 0 || recorded.length < base + entries.length) return entries;
  const wanted = entries.map(journalLine);
  const since = recorded.slice(base).map(journalLine);
  for (let start = 0; start + wanted.length <= since.length; start++) {
    if (wanted.every((line, i) => since[start + i] === line)) return [];
  }
  return entries;
}

function parseLine(line: string | undefined): unknown {
  if (line === undefined || line === '') return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
