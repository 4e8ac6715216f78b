import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { isLeftoverTemporary, processAlive } from './atomic-write.ts';
import { CassetteError } from './cassette-error.ts';
import { addInteractions, parseCassette, type AppendOptions } from './cassette-file.ts';
import type { Interaction } from './cassette-types.ts';
import { journalHeader, journalLine, journalPath, parseJournalName, pendingInteractions, readJournal } from './journal-file.ts';

/**
 * The sessions this process records: each cassette's journal. No file stays open between appends, so a run
 * with thousands of test ids (a session each) never runs out of file descriptors.
 */
const sessions = new Map<string, string>();
// the work on one cassette runs one step after the other, so concurrent recordings into a session lose nothing
const queues = new Map<string, Promise<unknown>>();

/**
 * Records an interaction into the session cassette at `path`: one line appended to the session's journal and
 * flushed to disk, at the same cost whatever the session's size. The first append of a session checks the
 * cassette (creating it when absent) and starts the journal; {@link compactRecordings} folds the journal into
 * the cassette, at close; {@link recoverRecordings} does it at the next start for a process that was killed.
 * Until then loadCassettes reads the journal too, so nothing recorded is ever out of replay's reach.
 */
export function appendInteraction(path: string, interaction: Interaction, options: AppendOptions = {}): Promise<void> {
  const cassette = resolve(path);
  return inTurn(cassette, async () => {
    const journal = sessions.get(cassette) ?? (await startJournal(cassette, options));
    await appendFile(journal, journalLine(interaction), { flush: true });
  });
}

/** Folds the journals of this process (under `dir`, or all) into their cassettes, ending their sessions. */
export async function compactRecordings(dir?: string): Promise<void> {
  const under = dir === undefined ? undefined : resolve(dir) + sep;
  const paths = [...sessions.keys()].filter((path) => under === undefined || path.startsWith(under));
  await Promise.all(paths.map((path) => inTurn(path, () => closeSession(path))));
}

/**
 * Finishes what killed recorders left in `dir`: their journals folded into the cassettes and removed, their
 * temporary files removed. Journals and files of live processes (this one's included) are left alone, and so
 * is what a read-only directory will not let go (replay reads a journal anyway).
 */
export async function recoverRecordings(dir: string): Promise<void> {
  const root = resolve(dir);
  const names = await readdir(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  for (const name of names) {
    const path = join(root, name);
    const journal = parseJournalName(name);
    const cassette = journal ? join(root, journal.cassette) : undefined;
    await unlessReadOnly(async () => {
      if (isLeftoverTemporary(root, name)) return rm(path, { force: true });
      if (!journal || !cassette) return;
      // in turn with this process's own appends, which may be opening this very journal
      await inTurn(cassette, async () => {
        const live = journal.pid === process.pid ? sessions.get(cassette) === path : processAlive(journal.pid);
        if (!live) await foldJournal(cassette, path);
      });
    });
  }
}

async function unlessReadOnly(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM') throw error;
  }
}

async function startJournal(cassette: string, options: AppendOptions): Promise<string> {
  await mkdir(dirname(cassette), { recursive: true });
  const journal = journalPath(cassette);
  // a journal of this process id that this process did not start was left by an earlier process of the same
  // id (a container's pid 1): what it holds goes in first
  await foldJournal(cassette, journal);
  const base = await interactionCount(cassette, options);
  await writeFile(journal, journalHeader(base), { flag: 'wx', flush: true });
  sessions.set(cassette, journal);
  return journal;
}

async function closeSession(cassette: string): Promise<void> {
  const journal = sessions.get(cassette);
  if (journal === undefined) return;
  sessions.delete(cassette);
  await foldJournal(cassette, journal);
}

/** Writes what the journal holds and the cassette lacks into the cassette, then removes the journal. */
async function foldJournal(cassette: string, journal: string): Promise<void> {
  const text = await readFile(journal, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return;
  const entries = readJournal(text);
  if (entries && entries.entries.length > 0) {
    const recorded = await readFile(cassette, 'utf8').then(
      (existing) => parseCassette(existing, cassette).interactions,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw new CassetteError([{ file: cassette, message: `cannot read: ${error.message}` }]);
      },
    );
    const pending = pendingInteractions(recorded, entries);
    if (pending.length > 0) await addInteractions(cassette, pending);
  }
  await rm(journal, { force: true });
}

/** How many interactions the cassette holds, after checking it; a new session's cassette is written at once. */
async function interactionCount(cassette: string, options: AppendOptions): Promise<number> {
  const text = await readFile(cassette, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new CassetteError([{ file: cassette, message: `cannot read: ${error.message}` }]);
  });
  if (text !== undefined) return parseCassette(text, cassette).interactions.length;
  await addInteractions(cassette, [], options);
  return 0;
}

function inTurn<T>(cassette: string, step: () => Promise<T>): Promise<T> {
  const next = (queues.get(cassette) ?? Promise.resolve()).then(step);
  const settled = next.catch(() => undefined);
  queues.set(cassette, settled);
  void settled.then(() => queues.get(cassette) === settled && queues.delete(cassette));
  return next;
}
