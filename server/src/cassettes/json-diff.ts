import { toPointer, type PathSegment } from '../config/pointer.ts';
import type { JsonValue } from './cassette-types.ts';

/** One difference between a recorded value and a requested one; a side is absent when only the other has it. */
export interface JsonDifference {
  pointer: string;
  recorded?: JsonValue;
  requested?: JsonValue;
}

export interface JsonDiff {
  /** How many differences there are in all. */
  count: number;
  /** The first `limit` of them, in document order. */
  differences: JsonDifference[];
}

/**
 * The leaves where `recorded` and `requested` differ. Arrays are aligned on their common start and end first,
 * so a message added to a conversation is one difference, not one per message after it.
 */
export function diffJson(recorded: JsonValue, requested: JsonValue, limit = 20): JsonDiff {
  const diff: JsonDiff = { count: 0, differences: [] };
  const note = (path: PathSegment[], sides: Omit<JsonDifference, 'pointer'>): void => {
    if (diff.count++ < limit) diff.differences.push({ pointer: toPointer(path), ...sides });
  };
  walk(recorded, requested, [], note);
  return diff;
}

type Note = (path: PathSegment[], sides: Omit<JsonDifference, 'pointer'>) => void;

function walk(a: JsonValue, b: JsonValue, path: PathSegment[], note: Note): void {
  if (Array.isArray(a) && Array.isArray(b)) return walkArrays(a, b, path, note);
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const [x, y] = [a[key], b[key]];
      if (x === undefined) note([...path, key], { requested: y! });
      else if (y === undefined) note([...path, key], { recorded: x });
      else walk(x, y, [...path, key], note);
    }
    return;
  }
  if (!same(a, b)) note(path, { recorded: a, requested: b });
}

function walkArrays(a: JsonValue[], b: JsonValue[], path: PathSegment[], note: Note): void {
  let start = 0;
  while (start < a.length && start < b.length && same(a[start]!, b[start]!)) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && same(a[a.length - 1 - end]!, b[b.length - 1 - end]!)) end++;
  const [aEnd, bEnd] = [a.length - end, b.length - end];
  for (let i = start; i < Math.max(aEnd, bEnd); i++) {
    // indices name the requested array where it has the element, the recorded one otherwise
    if (i < aEnd && i < bEnd) walk(a[i]!, b[i]!, [...path, i], note);
    else if (i < aEnd) note([...path, i], { recorded: a[i]! });
    else note([...path, i], { requested: b[i]! });
  }
}

/** Deep equality of JSON values (object key order ignored). */
export function same(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => same(item, b[i]!));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] !== undefined && same(a[key]!, b[key]));
}

function isObject(value: JsonValue | undefined): value is Record<string, JsonValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The differences as lines: `-` what was recorded, `+` what is asked now, long values cut to `width`.
 *
 * @example ['- /messages/0/content: "Hello"', '+ /messages/0/content: "Hi"']
 */
export function formatDiff(diff: JsonDiff, width = 80): string[] {
  const lines: string[] = [];
  for (const { pointer, recorded, requested } of diff.differences) {
    const at = pointer || '/';
    if (recorded !== undefined) lines.push(`- ${at}: ${preview(recorded, width)}`);
    if (requested !== undefined) lines.push(`+ ${at}: ${preview(requested, width)}`);
  }
  const more = diff.count - diff.differences.length;
  if (more > 0) lines.push(`… ${more} more difference${more === 1 ? '' : 's'}`);
  return lines;
}

function preview(value: JsonValue, width: number): string {
  const text = JSON.stringify(value);
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
