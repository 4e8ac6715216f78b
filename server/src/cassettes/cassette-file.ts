import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { isSeq, stringify } from 'yaml';
import { toPointer } from '../config/pointer.ts';
import { YamlSource } from '../config/yaml-source.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { sortKeys } from './canonical-key.ts';
import { CassetteError, type CassetteIssue } from './cassette-error.ts';
import { CASSETTE_VERSION, type Cassette, type Interaction, type JsonValue, type RecordedChunk } from './cassette-types.ts';
import { cassetteProblems } from './cassette-validator.ts';
import { layoutJson } from './json-layout.ts';

/** How a cassette file is written: YAML to be read and edited by people, JSON for large recorded sets. */
export type CassetteFormat = 'yaml' | 'json';

/** The format a file name implies: `.json` is JSON, `.yaml` and `.yml` are YAML. */
export function cassetteFormat(path: string): CassetteFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  throw new CassetteError([{ file: path, message: 'a cassette file name must end in .yaml, .yml or .json' }]);
}

/**
 * Parses and validates a cassette. Throws a CassetteError whose issues read `file:line:col: /pointer message`.
 * `file` is only used in messages.
 */
export function parseCassette(text: string, file: string, format: CassetteFormat = cassetteFormat(file)): Cassette {
  return parse(text, file, format).cassette;
}

/** The cassette, and for YAML the document it came from (an append edits it, keeping comments). */
function parse(text: string, file: string, format: CassetteFormat): { cassette: Cassette; yaml?: YamlSource } {
  let data: unknown;
  let source: YamlSource | undefined;
  if (format === 'json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CassetteError([jsonSyntaxIssue(file, (error as Error).message)]);
    }
  } else {
    const parsed = YamlSource.parse(file, text);
    if (parsed.issues.length > 0) throw new CassetteError(parsed.issues);
    source = parsed.source;
    data = source.doc.toJS();
  }
  const problems = cassetteProblems(data);
  if (problems.length === 0) return { cassette: data as Cassette, ...(source ? { yaml: source } : {}) };
  // JSON is (nearly always) YAML too: parsing it again, only now, finds the line and column of each problem
  source ??= locator(file, text);
  const issues = problems.map(
    (problem): CassetteIssue =>
      source?.issue(problem.path, problem.message, problem) ?? { file, pointer: toPointer(problem.path), message: problem.message },
  );
  throw new CassetteError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0)));
}

/** Reads and validates one cassette file. `display` names the file in messages (default: `path`). */
export async function readCassette(path: string, display = path): Promise<Cassette> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CassetteError([{ file: display, message: `cannot read: ${(error as Error).message}` }]);
  }
  return parseCassette(text, display, cassetteFormat(path));
}

/** The text of a cassette file, fields in a fixed order so that re-recording shows only real changes in a diff. */
export function serializeCassette(cassette: Cassette, format: CassetteFormat): string {
  const ordered = orderCassette(cassette);
  // a folded line would turn a one-token change in a stream event into a multi-line diff
  return format === 'json' ? layoutJson(ordered) : stringify(ordered, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Writes a cassette atomically: a crash or kill at any moment leaves the old file or the new one, both parseable. */
export async function writeCassette(path: string, cassette: Cassette): Promise<void> {
  await writeFileAtomic(path, serializeCassette(cassette, cassetteFormat(path)));
}

export interface AppendOptions {
  /** The session name of a new file; default: the file name without its extension. */
  name?: string;
  description?: string;
}

/**
 * Adds interactions to the cassette at `path`, creating it when absent, by rewriting the whole file atomically:
 * a crash or kill at any moment leaves the old file or the new one. A YAML file is edited as a document, so
 * comments and hand formatting in it survive. Returns the cassette as written. Costs as much as the file:
 * recording appends to a journal instead (see session-journal.ts) and calls this once per session.
 */
export async function addInteractions(path: string, interactions: readonly Interaction[], options: AppendOptions = {}): Promise<Cassette> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new CassetteError([{ file: path, message: `cannot read: ${error.message}` }]);
  });
  const { cassette, yaml } = text === undefined ? { cassette: newCassette(path, options) } : parse(text, path, cassetteFormat(path));
  const updated = { ...cassette, interactions: [...cassette.interactions, ...interactions] };
  if (yaml) {
    const { doc } = yaml;
    const kept = doc.get('interactions', true);
    if (isSeq(kept)) kept.flow = false; // `interactions: []` would otherwise grow on one line
    for (const interaction of interactions) {
      doc.addIn(['interactions'], doc.createNode(orderInteraction(interaction), { aliasDuplicateObjects: false }));
    }
    await writeFileAtomic(path, doc.toString({ lineWidth: 0 }));
  } else {
    await writeCassette(path, updated);
  }
  return updated;
}

function newCassette(path: string, options: AppendOptions): Cassette {
  const name = options.name ?? basename(path, extname(path));
  return {
    version: CASSETTE_VERSION,
    name,
    ...(options.description === undefined ? {} : { description: options.description }),
    interactions: [],
  };
}

function orderCassette(cassette: Cassette): Cassette {
  return {
    ...(cassette.$schema === undefined ? {} : { $schema: cassette.$schema }),
    version: cassette.version,
    name: cassette.name,
    ...(cassette.description === undefined ? {} : { description: cassette.description }),
    interactions: cassette.interactions.map(orderInteraction),
  };
}

/** An interaction with its fields in the order files keep them, and its request body's keys sorted. */
export function orderInteraction({ recordedAt, request, response }: Interaction): Interaction {
  const { method, operation, deployment, apiVersion, stream, body } = request;
  const { status, headers, durationMs, body: responseBody, chunks } = response;
  return {
    recordedAt,
    // bodies are stored with sorted keys: re-recording then changes no line the client merely reordered
    request: {
      method,
      operation,
      deployment,
      apiVersion,
      ...(stream === undefined ? {} : { stream }),
      body: sortKeys(body) as Record<string, JsonValue>,
    },
    response: {
      status,
      headers: Object.fromEntries(Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : 1))),
      ...(durationMs === undefined ? {} : { durationMs }),
      ...(responseBody === undefined ? {} : { body: responseBody }),
      ...(chunks === undefined ? {} : { chunks: chunks.map(orderChunk) }),
    },
  };
}

function orderChunk({ offsetMs, event, data }: RecordedChunk): RecordedChunk {
  return event === undefined ? { offsetMs, data } : { offsetMs, event, data };
}

function jsonSyntaxIssue(file: string, message: string): CassetteIssue {
  const at = /\(line (\d+) column (\d+)\)/.exec(message);
  const text = message.replace(/( at position \d+)?\s*\(line \d+ column \d+\)/, '');
  return at ? { file, line: Number(at[1]), col: Number(at[2]), message: `JSON: ${text}` } : { file, message: `JSON: ${text}` };
}

function locator(file: string, text: string): YamlSource | undefined {
  const { source, issues } = YamlSource.parse(file, text);
  return issues.length === 0 ? source : undefined;
}
