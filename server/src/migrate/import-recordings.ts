import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import type { Sanitizers } from '../generated/scenarios.ts';
import { displayPath } from '../paths.ts';
import {
  CASSETTE_VERSION,
  CassetteError,
  cassetteFiles,
  cassetteProblems,
  compileSanitizer,
  writeCassette,
  type Cassette,
  type CassetteIssue,
} from '../cassettes/index.ts';
import { convertVcrCassette } from '../cassettes/vcr/index.ts';

export interface ImportOptions {
  /** Where the converted cassettes go; created when absent. */
  out: string;
  /** The scenarios file's `record.sanitize` rules, applied as recording applies them. */
  sanitize?: Sanitizers;
  /** Strings never to write (the upstream and simulator keys), whatever the rules say. */
  secrets?: readonly string[];
  /** What relative paths are relative to; default: the working directory. */
  cwd?: string;
}

/** What an import did, a line per file, and whether every file converted. */
export interface ImportReport {
  lines: string[];
  problems: CassetteIssue[];
  written: number;
}

/**
 * Converts the Python simulators' VCR-style recordings under `source` (a file or a directory searched
 * recursively) into this simulator's cassettes under `out`, one per file with the same relative name and
 * `.yaml`, sanitized as recording sanitizes: credential headers dropped, secrets and the rules' matches
 * redacted. Requests of other services are left out and listed; a file of ours is left alone; an existing
 * cassette is never overwritten.
 *
 * @example await importRecordings('.recording', { out: 'cassettes', secrets: [process.env.AZURE_OPENAI_KEY ?? ''] })
 */
export async function importRecordings(source: string, options: ImportOptions): Promise<ImportReport> {
  const cwd = options.cwd ?? process.cwd();
  const display = (path: string) => displayPath(cwd, path);
  const root = resolve(cwd, source);
  const base = statSync(root, { throwIfNoEntry: false })?.isDirectory() ? root : dirname(root);
  const { files, issues } = await cassetteFiles([source], cwd, display);
  const report: ImportReport = { lines: [], problems: [...issues], written: 0 };
  const sanitize = compileSanitizer(options.sanitize ?? {}, (options.secrets ?? []).filter(Boolean));

  for (const file of files) {
    let converted;
    try {
      converted = convertVcrCassette(readFileSync(file, 'utf8'), file, display(file));
    } catch (error) {
      if (!(error instanceof CassetteError)) throw error;
      report.problems.push(...error.issues);
      continue;
    }
    if (!converted) {
      report.lines.push(`left ${display(file)}: not a recording of the Python simulators (a cassette of ours replays as it is)`);
      continue;
    }
    const leftOut = converted.skipped.map(({ index, reason }) => `  left out interactions[${index}]: ${reason}`);
    if (converted.interactions.length === 0) {
      report.lines.push(`left ${display(file)}: it holds nothing this simulator serves`, ...leftOut);
      continue;
    }
    const name = relative(base, file).slice(0, -extname(file).length);
    const target = resolve(cwd, options.out, `${name}.yaml`);
    if (existsSync(target)) {
      report.problems.push({ file: display(target), message: `exists already: remove it or import into another --out directory` });
      continue;
    }
    const cassette: Cassette = {
      version: CASSETTE_VERSION,
      name: basename(name),
      description: `Imported from ${display(file)}, a recording of aoai-api-simulator or aoai-simulated-api.`,
      interactions: converted.interactions.map(({ interaction }) => sanitize(interaction)),
    };
    const invalid = cassetteProblems(cassette);
    if (invalid.length > 0) {
      report.problems.push(
        ...invalid.map((problem) => ({ file: display(file), message: `converts to an invalid cassette: ${problem.message}` })),
      );
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeCassette(target, cassette);
    report.written++;
    const counts = [`${cassette.interactions.length} ${cassette.interactions.length === 1 ? 'interaction' : 'interactions'}`];
    if (converted.digestOnly > 0) counts.push(`${converted.digestOnly} matched by body hash`);
    if (converted.skipped.length > 0) counts.push(`${converted.skipped.length} left out`);
    report.lines.push(`ok ${display(file)} -> ${display(target)} (${counts.join(', ')})`, ...leftOut);
  }
  if (files.length === 0 && report.problems.length === 0)
    report.problems.push({ file: display(root), message: 'holds no .yaml, .yml or .json file' });
  return report;
}
