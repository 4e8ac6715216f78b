/** One sample line of an exposition: `name{labels} value`. */
export interface Sample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** An exposition text, parsed: its samples in order, and each metric family's TYPE and HELP. */
export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
  help: Map<string, string>;
}

/**
 * Parses the Prometheus text format (0.0.4), strictly: a line it cannot read throws, so a test that
 * scrapes also checks the exposition is well formed. For tests and tools, not for the hot path.
 */
export function parseExposition(text: string): Exposition {
  const exposition: Exposition = { samples: [], types: new Map(), help: new Map() };
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      if (line.startsWith('#')) readComment(line, exposition);
      else exposition.samples.push(readSample(line));
    } catch (error) {
      throw new SyntaxError(`exposition line ${index + 1}: ${(error as Error).message}: ${line}`);
    }
  }
  return exposition;
}

/**
 * The value of the sample with exactly this name and label set (in any order), or undefined when there is
 * none: a missing series and a zero one are different things to Prometheus, and to a test.
 */
export function sampleValue(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const wanted = Object.entries(labels);
  const found = exposition.samples.find(
    (sample) =>
      sample.name === name &&
      Object.keys(sample.labels).length === wanted.length &&
      wanted.every(([key, value]) => sample.labels[key] === value),
  );
  return found?.value;
}

function readComment(line: string, exposition: Exposition): void {
  const match = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
  if (!match) return; // Other comments carry nothing.
  const [, kind, name = '', rest = ''] = match;
  if (kind === 'TYPE') {
    if (!/^(counter|gauge|histogram|summary|untyped)$/.test(rest)) throw new Error(`unknown type "${rest}"`);
    exposition.types.set(name, rest);
  } else {
    exposition.help.set(
      name,
      rest.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\')),
    );
  }
}

function readSample(line: string): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) throw new Error('no metric name');
  const name = nameMatch[0];
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') at = readLabels(line, at + 1, labels);
  const fields = line.slice(at).trim().split(/\s+/);
  if (fields.length < 1 || fields.length > 2 || line[at] !== ' ') throw new Error('expected a value and an optional timestamp');
  return { name, labels, value: readValue(fields[0] ?? '') };
}

/** Reads `l="v",…}` from `at`, into labels; returns the index after the closing brace. */
function readLabels(line: string, at: number, labels: Record<string, string>): number {
  const label = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="/y;
  for (;;) {
    if (line[at] === '}') return at + 1;
    label.lastIndex = at;
    const match = label.exec(line);
    if (!match) throw new Error(`bad label at column ${at + 1}`);
    const key = match[1] ?? '';
    if (key in labels) throw new Error(`label "${key}" twice`);
    at = label.lastIndex;
    let value = '';
    for (;;) {
      const c = line[at];
      if (c === undefined) throw new Error('unterminated label value');
      at += 1;
      if (c === '"') break;
      if (c !== '\\') {
        value += c;
        continue;
      }
      const escaped = line[at];
      at += 1;
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else throw new Error(`bad escape \\${escaped ?? ''}`);
    }
    labels[key] = value;
    if (line[at] === ',') at += 1;
    else if (line[at] !== '}') throw new Error(`expected , or } at column ${at + 1}`);
  }
}

function readValue(text: string): number {
  // prom-client writes NaN as "Nan"; the format's own spelling is "NaN".
  if (text === 'NaN' || text === 'Nan') return Number.NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`bad value "${text}"`);
  return value;
}
