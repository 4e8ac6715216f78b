import type { Journal, JournalEntry, JournalFilter, JournalStats } from '../journal/index.ts';
import type { Replicas } from '../store/replicas.ts';

/** What GET /__sim/journal answers: the entries, and the journal's figures (summed over the replicas asked). */
export interface JournalAnswer {
  entries?: JournalEntry[];
  count?: number;
  stats: JournalStats;
  /** With a shared store: the replicas whose entries are included, and those that did not answer in time. */
  replicas?: { answered: string[]; missing: string[] };
}

/** A journal question as it travels to the other replicas: the query string as sent, parsed by each. */
export interface JournalQuestion {
  query: Record<string, string | string[] | undefined>;
  count: boolean;
}

/** This replica's answer to a journal question. */
export function localJournal(journal: Journal, filter: JournalFilter, count: boolean, replica?: string): JournalAnswer {
  if (count) return { count: journal.count(filter), stats: journal.stats() };
  const entries = journal.query(filter);
  return { entries: replica === undefined ? entries : entries.map((entry) => ({ ...entry, replica })), stats: journal.stats() };
}

/**
 * Every replica's journal as one: each replica answers with its matching entries (its newest `limit`), and they
 * are merged by time, oldest first, keeping the newest `limit` of all; counts and figures are summed.
 */
export async function replicaJournal(
  bus: Replicas,
  journal: Journal,
  filter: JournalFilter,
  question: JournalQuestion,
): Promise<JournalAnswer> {
  const here = localJournal(journal, filter, question.count, bus.name);
  const { replies, missing } = await bus.ask('journal', question);
  const answers = [
    here,
    ...replies.map(({ replica, result }) => {
      const answer = result as JournalAnswer;
      return answer.entries ? { ...answer, entries: answer.entries.map((entry) => ({ ...entry, replica })) } : answer;
    }),
  ];
  const stats: JournalStats = { ...here.stats };
  for (const answer of answers.slice(1)) {
    stats.entries += answer.stats.entries;
    stats.bytes += answer.stats.bytes;
    stats.dropped += answer.stats.dropped;
  }
  const replicas = { answered: [bus.name, ...replies.map((reply) => reply.replica)], missing };
  if (question.count) return { count: answers.reduce((sum, answer) => sum + (answer.count ?? 0), 0), stats, replicas };
  const entries = answers
    .flatMap((answer) => answer.entries ?? [])
    .sort((a, b) => (a.time === b.time ? (a.replica ?? '').localeCompare(b.replica ?? '') || a.id - b.id : a.time < b.time ? -1 : 1));
  const newest = filter.limit === undefined ? entries : entries.slice(Math.max(0, entries.length - filter.limit));
  return { entries: newest, stats, replicas };
}
