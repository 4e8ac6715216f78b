import { readdirSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { displayPath } from '../paths.ts';
import { glob, isDynamicPattern } from 'tinyglobby';
import { addVcrCassette } from './vcr/index.ts';
import { CassetteError, type CassetteIssue } from './cassette-error.ts';
import { cassetteFormat, parseCassette } from './cassette-file.ts';
import { CassetteIndex, type CassetteIndexOptions } from './cassette-index.ts';
import type { StoreAnswer } from './replay-cursors.ts';
import type { Cassette, Interaction } from './cassette-types.ts';
import { parseJournalName, pendingInteractions, readJournal } from './journal-file.ts';
import { realClock } from '../clock/index.ts';

export interface LoadCassettesOptions<Served extends StoreAnswer<number> = number> extends CassetteIndexOptions<Served> {
  /** What relative paths and globs are relative to (the scenarios file's directory); default: the working directory. */
  cwd?: string;
  /** Add to this index instead of a new one. */
  index?: CassetteIndex<Served>;
}

export interface LoadedCassettes<Served extends StoreAnswer<number> = number> {
  index: CassetteIndex<Served>;
  /** Every file read, absolute, in the order their interactions were added. */
  files: string[];
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** How long loading may hold the event loop before letting other work run. */
const YIELD_EVERY_MS = 50;
/** A broken suite reports this many problems; the rest are counted. */
const MAX_ISSUES = 50;

/**
 * Loads every cassette that `patterns` name (files, directories searched recursively for .yaml/.yml/.json, or
 * globs), validates each, and indexes their interactions: files in path order, interactions in file order, then
 * those a journal beside the file holds (a recording under way, or one a kill interrupted).
 * Throws a CassetteError listing every problem (`file:line:col: /pointer message`) when any file is invalid.
 *
 * @example const { index } = await loadCassettes(['cassettes/'], { cwd: dirname(scenariosFile), ignoreFields: ['user'] });
 */
export async function loadCassettes<Served extends StoreAnswer<number> = number>(
  patterns: readonly string[],
  options: LoadCassettesOptions<Served> = {},
): Promise<LoadedCassettes<Served>> {
  const cwd = options.cwd ?? process.cwd();
  const display = (path: string): string => displayPath(cwd, path);
  const { files, issues } = await cassetteFiles(patterns, cwd, display);
  const index = options.index ?? new CassetteIndex(options);

  const listings = new Map<string, string[]>();
  const listing = (dir: string): string[] => {
    let names = listings.get(dir);
    if (!names) listings.set(dir, (names = readdirSync(dir)));
    return names;
  };
  // the event loop's real time: how long parsing has held it
  let lastYield = realClock.now();
  for (const file of files) {
    // one file at a time, read synchronously: measured faster than overlapping async reads (the bytes are
    // usually in the page cache and parsing is the cost), and parsing blocks the event loop anyway; a pause
    // now and then keeps a server that reloads its cassettes answering meanwhile
    if (realClock.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = realClock.now();
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      issues.push({ file: display(file), message: `cannot read: ${(error as Error).message}` });
      continue;
    }
    // the Python simulators' recordings replay as they are, beside ours
    if (addVcrCassette(index, text, file, display(file), issues)) continue;
    try {
      const cassette = parseCassette(text, display(file), cassetteFormat(file));
      const journaled = journaledInteractions(file, cassette, listing);
      index.addCassette(
        journaled.length === 0 ? cassette : { ...cassette, interactions: [...cassette.interactions, ...journaled] },
        display(file),
      );
    } catch (error) {
      if (!(error instanceof CassetteError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new CassetteError(capped(issues));
  return { index, files };
}

/** The cassette files `patterns` name, absolute, sorted and without duplicates; a name that matches nothing is an issue. */
export async function cassetteFiles(
  patterns: readonly string[],
  cwd: string,
  display: (path: string) => string = (path) => path,
): Promise<{ files: string[]; issues: CassetteIssue[] }> {
  const found = new Set<string>();
  const issues: CassetteIssue[] = [];
  for (const pattern of patterns) {
    let matches: string[];
    if (isDynamicPattern(pattern)) {
      matches = await glob(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false });
    } else {
      const path = resolve(cwd, pattern);
      const info = await stat(path).catch(() => undefined);
      if (!info) {
        issues.push({ file: display(path), message: 'no such file or directory' });
        continue;
      }
      if (!info.isDirectory() && !EXTENSIONS.has(extname(path).toLowerCase())) {
        issues.push({ file: display(path), message: 'is not a cassette: the name must end in .yaml, .yml or .json' });
        continue;
      }
      matches = info.isDirectory() ? await glob('**/*.{yaml,yml,json}', { cwd: path, absolute: true, onlyFiles: true }) : [path];
    }
    const cassettes = matches.filter((path) => EXTENSIONS.has(extname(path).toLowerCase()));
    if (cassettes.length === 0 && isDynamicPattern(pattern))
      issues.push({ message: `"${pattern}" matches no cassette file (relative to ${cwd})` });
    for (const path of cassettes) found.add(resolve(path));
  }
  return { files: [...found].sort(), issues };
}

/**
 * What the journals beside `file` hold that it does not yet: a recording under way in some process, or one a
 * kill interrupted before its journal was folded in.
 */
function journaledInteractions(file: string, cassette: Cassette, listing: (dir: string) => string[]): Interaction[] {
  const dir = dirname(file);
  const name = basename(file);
  const journaled: Interaction[] = [];
  for (const entry of listing(dir)) {
    if (parseJournalName(entry)?.cassette !== name) continue;
    let text: string;
    try {
      text = readFileSync(join(dir, entry), 'utf8');
    } catch {
      continue; // folded in and removed meanwhile
    }
    const journal = readJournal(text);
    if (journal) journaled.push(...pendingInteractions(cassette.interactions, journal));
  }
  return journaled;
}

function capped(issues: CassetteIssue[]): CassetteIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  return [...issues.slice(0, MAX_ISSUES), { message: `${issues.length - MAX_ISSUES} more problems not shown` }];
}
