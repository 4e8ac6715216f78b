import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigIssue } from './config-error.ts';
import type { PathSegment } from './pointer.ts';
import { toPointer } from './pointer.ts';
import { MAX_DOCUMENT_DEPTH, nestsDeeperThan } from '../protocol/json-depth.ts';

const MAX_SYNTAX_ISSUES = 5;

/** A parsed YAML file that can say where any value in it came from. */
export class YamlSource {
  readonly file: string;
  readonly doc: Document;
  private readonly lines: LineCounter;

  private constructor(file: string, doc: Document, lines: LineCounter) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
  }

  /**
   * Parses `text`; syntax errors come back as issues rather than thrown. `schema: 'yaml-1.1'` reads files that
   * Python's PyYAML wrote as it meant them (`!!binary` bytes among them).
   */
  static parse(file: string, text: string, options: { schema?: 'core' | 'yaml-1.1' } = {}): { source: YamlSource; issues: ConfigIssue[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, schema: options.schema ?? 'core' });
    const source = new YamlSource(file, doc, lines);
    // one syntax error cascades into many; the first few say what is wrong
    const found = [...doc.errors, ...doc.warnings];
    const issues: ConfigIssue[] = found.slice(0, MAX_SYNTAX_ISSUES).map((error) => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { file, line, col, message: `YAML: ${firstLine(error.message)}` };
    });
    if (found.length > MAX_SYNTAX_ISSUES)
      issues.push({ file, message: `YAML: ${found.length - MAX_SYNTAX_ISSUES} more syntax errors follow from the ones above` });
    if (issues.length === 0) {
      const shape = shapeProblem(doc);
      if (shape) issues.push({ file, message: `YAML: ${shape}` });
    }
    return { source, issues };
  }

  /** The position of a value (or, with `atKey`, of its key) given by path; the nearest parent when it is absent. */
  position(path: readonly PathSegment[], options: { atKey?: boolean } = {}): { line: number; col: number } {
    let node: Node | null | undefined = this.doc.contents as Node | null;
    let offset = node?.range?.[0] ?? 0;
    for (const [i, segment] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        const key = pair.key as Node;
        if (last && options.atKey) {
          offset = key.range?.[0] ?? offset;
          break;
        }
        node = pair.value as Node | null;
        offset = node?.range?.[0] ?? key.range?.[0] ?? offset;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)] as Node | undefined;
        if (!node) break;
        offset = node.range?.[0] ?? offset;
      } else {
        break;
      }
    }
    return this.lines.linePos(offset);
  }

  /** `file:line:col` of a value (or key). */
  where(path: readonly PathSegment[], options: { atKey?: boolean } = {}): string {
    const { line, col } = this.position(path, options);
    return `${this.file}:${line}:${col}`;
  }

  /** An issue located at `path` in this file. */
  issue(path: readonly PathSegment[], message: string, options: { atKey?: boolean } = {}): ConfigIssue {
    return { file: this.file, ...this.position(path, options), pointer: toPointer(path), message };
  }
}

/**
 * Why the document cannot become data safely, or undefined: aliases that would expand it exponentially (the
 * yaml library refuses past its maxAliasCount by throwing, which would otherwise be a 500 for a document sent
 * to the control API), or nesting deeper than any request walker may recurse (see MAX_DOCUMENT_DEPTH).
 */
function shapeProblem(doc: Document): string | undefined {
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    if (error instanceof ReferenceError) return `${firstLine(error.message)}: its aliases expand to too much data`;
    throw error;
  }
  return nestsDeeperThan(data, MAX_DOCUMENT_DEPTH) ? `nests more than ${MAX_DOCUMENT_DEPTH} levels deep` : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
