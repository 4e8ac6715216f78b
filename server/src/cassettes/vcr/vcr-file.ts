import { toPointer, type PathSegment } from '../../config/pointer.ts';
import { YamlSource } from '../../config/yaml-source.ts';
import { CassetteError, type CassetteIssue } from '../cassette-error.ts';
import type { CassetteFormat } from '../cassette-file.ts';

/** Bytes or text, as PyYAML writes them: text as a string, anything not UTF-8 (a gzip body) as `!!binary`. */
export type VcrBody = string | Uint8Array | null;

/** Headers as recorded: a name to a list of values (or one value, hand-edited). */
export type VcrHeaders = Record<string, string | number | boolean | Array<string | number | boolean>>;

/**
 * One interaction as aoai-simulated-api (through VCR.py) and aoai-api-simulator record it. Headers map a name
 * to a list of values. aoai-api-simulator drops a request body over 1 KB and keeps `body_hash`, and adds
 * `duration_ms` and `context_values` (ignored here).
 */
export interface VcrInteraction {
  request: { method: string; uri: string; headers?: VcrHeaders; body?: VcrBody; body_hash?: string };
  response: {
    status: { code: number; message?: string };
    headers?: VcrHeaders;
    body?: { string?: VcrBody };
    duration_ms?: number;
  };
}

/** A cassette of either Python simulator: `{ version: 1, interactions: [...] }`, one file per URL path. */
export interface VcrCassette {
  interactions: VcrInteraction[];
}

/**
 * Cheap test on the text, before any parsing: a VCR interaction names its `uri`, which this project's
 * cassettes never do (a body that mentions one is found out by {@link readVcrCassette}).
 */
export function mayBeVcrCassette(text: string): boolean {
  return /(^|[\s{,])["']?uri["']?\s*:/m.test(text);
}

/**
 * The interactions of a VCR-style cassette, or undefined when `text` is not one (this project's own cassettes,
 * which have a `name`). Throws a CassetteError listing every problem when it is one but cannot be replayed.
 */
export function readVcrCassette(text: string, file: string, format: CassetteFormat): VcrCassette | undefined {
  let data: unknown;
  let source: YamlSource | undefined;
  if (format === 'json') {
    try {
      data = JSON.parse(text);
    } catch {
      return undefined; // not JSON at all: the cassette reader reports it
    }
  } else {
    const parsed = YamlSource.parse(file, text, { schema: 'yaml-1.1' });
    if (parsed.issues.length > 0) return undefined;
    source = parsed.source;
    data = source.doc.toJS();
  }
  if (!isVcrShaped(data)) return undefined;
  const problems: Array<{ path: PathSegment[]; message: string }> = [];
  data.interactions.forEach((interaction, i) => problems.push(...interactionProblems(interaction, ['interactions', i])));
  if (problems.length === 0) return data as VcrCassette;
  throw new CassetteError(
    problems.map(({ path, message }): CassetteIssue => source?.issue(path, message) ?? { file, pointer: toPointer(path), message }),
  );
}

/** A document in the Python simulators' shape: interactions that name a `uri`, and no `name` (which ours have). */
function isVcrShaped(data: unknown): data is { interactions: unknown[] } {
  if (!isObject(data) || 'name' in data || !Array.isArray(data.interactions)) return false;
  const first: unknown = data.interactions[0];
  return first === undefined || (isObject(first) && isObject(first.request) && 'uri' in first.request);
}

function interactionProblems(interaction: unknown, at: PathSegment[]): Array<{ path: PathSegment[]; message: string }> {
  const problems: Array<{ path: PathSegment[]; message: string }> = [];
  const problem = (path: PathSegment[], message: string) => problems.push({ path: [...at, ...path], message });
  if (!isObject(interaction)) return [{ path: at, message: 'must be an object with request and response' }];
  const { request, response } = interaction;
  if (!isObject(request)) problem(['request'], 'must be an object with method, uri and body');
  else {
    if (typeof request.method !== 'string') problem(['request', 'method'], 'must be a string such as POST');
    if (typeof request.uri !== 'string') problem(['request', 'uri'], 'must be a string, the URL the request went to');
    if (request.headers !== undefined && !isHeaders(request.headers))
      problem(['request', 'headers'], 'must map names to a value or a list of values');
    if (!isBody(request.body)) problem(['request', 'body'], 'must be text, !!binary bytes or null');
    if (request.body_hash !== undefined && typeof request.body_hash !== 'string') problem(['request', 'body_hash'], 'must be a string');
  }
  if (!isObject(response)) problem(['response'], 'must be an object with status, headers and body');
  else {
    const code = isObject(response.status) ? response.status.code : undefined;
    if (!Number.isInteger(code) || (code as number) < 100 || (code as number) > 599)
      problem(['response', 'status', 'code'], 'must be an HTTP status');
    if (response.headers !== undefined && !isHeaders(response.headers))
      problem(['response', 'headers'], 'must map names to a value or a list of values');
    if (response.body !== undefined && !(isObject(response.body) && isBody(response.body.string)))
      problem(['response', 'body'], 'must be { string: text, !!binary bytes or null }');
    if (response.duration_ms !== undefined && !(typeof response.duration_ms === 'number' && response.duration_ms >= 0))
      problem(['response', 'duration_ms'], 'must be a number of milliseconds');
  }
  return problems;
}

function isBody(value: unknown): value is VcrBody | undefined {
  return value === undefined || value === null || typeof value === 'string' || value instanceof Uint8Array;
}

/** Header values are strings as the simulators write them; a hand-edited number or boolean is read as its text. */
function isHeaders(value: unknown): value is VcrHeaders {
  return isObject(value) && Object.values(value).every((v) => isScalar(v) || (Array.isArray(v) && v.every(isScalar)));
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}
