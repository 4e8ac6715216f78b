// Mutations of a valid request body: one field at a time (structure-aware), or the bytes as a whole.
import fc from 'fast-check';
import type { Draw } from './draw.ts';
import { RawJson } from './raw-json.ts';
import { deepJson, edgeNumber, edgeText, FREE_TEXT_MAX, hugeText, wrongValue } from './values.ts';

type Container = Record<string, unknown> | unknown[];
type Path = ReadonlyArray<string | number>;

const MAX_PATHS = 300;
const MAX_DEPTH = 8;

/**
 * `body` with 1 to 3 fields mutated: removed, given a value of the wrong type or an edge value, an extra field
 * added, an array blown up, or a value nested thousands deep. `uncounted` names top-level fields where a huge
 * string costs the simulator nothing to count (`user`), so that huge strings go only there. Returns the body
 * and what was done, for the report.
 */
export function mutateFields(draw: Draw, body: unknown, uncounted: readonly string[] = ['user']): { body: unknown; notes: string[] } {
  let root: unknown = structuredClone(body);
  const notes: string[] = [];
  const count = draw.int(1, 3);
  for (let i = 0; i < count; i++) {
    const paths = pathsOf(root);
    const path = draw.pick(paths);
    const current = valueAt(root, path);
    const [mutation, next] = draw.weighted<() => [string, unknown]>([
      [3, () => ['removed', REMOVE]],
      [4, () => ['wrong type', wrongValue(draw)]],
      [3, () => (typeof current === 'number' ? ['edge number', edgeNumber(draw)] : ['edge text', edgeText(draw)])],
      [1, () => (uncounted.includes(String(path[0])) && path.length === 1 ? ['huge text', hugeText(draw)] : ['edge text', edgeText(draw)])],
      [2, () => ['extra field', withExtraField(draw, current)]],
      [1, () => ['deep nesting', deepJson(draw)]],
      [1, () => (Array.isArray(current) ? ['array blown up', blownUp(draw, current)] : ['wrong type', wrongValue(draw)])],
    ])();
    notes.push(`${mutation} at ${path.length === 0 ? '(body)' : path.join('.')}`);
    if (path.length === 0) root = next === REMOVE ? undefined : next;
    else setAt(root as Container, path, next);
  }
  return { body: root, notes };
}

const REMOVE = Symbol('remove');

/** The body's bytes broken: cut short, wrapped, re-encoded, or with bytes that are not UTF-8. */
export function mutateBytes(draw: Draw, bytes: Buffer): { bytes: Buffer; note: string } {
  return draw.weighted<() => { bytes: Buffer; note: string }>([
    [2, () => ({ bytes: bytes.subarray(0, draw.int(0, Math.max(0, bytes.length - 1))), note: 'cut short' })],
    [1, () => ({ bytes: Buffer.concat([bytes, Buffer.from(draw.pick(['}', ']', ',', ' x', '\u0000', '{}']))]), note: 'trailing bytes' })],
    [1, () => ({ bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), note: 'byte order mark' })],
    [2, () => ({ bytes: withInvalidUtf8(draw, bytes), note: 'invalid UTF-8 inside a string' })],
    [1, () => ({ bytes: Buffer.from(bytes.toString('utf8'), 'utf16le'), note: 'UTF-16LE' })],
    [1, () => ({ bytes: Buffer.from(bytes.toString('utf8').replace('{', '{/* comment */'), 'utf8'), note: 'a comment' })],
    [1, () => ({ bytes: Buffer.from(bytes.toString('utf8').replace('{', '{"model":1,"model":"x",'), 'utf8'), note: 'duplicate keys' })],
    [1, () => ({ bytes: Buffer.concat([Buffer.from(' \n\t'.repeat(draw.int(1, 20_000))), bytes]), note: 'whitespace padding' })],
    [
      1,
      () => ({
        bytes: Buffer.from(draw.pick(['', 'null', '[]', '"text"', '123', 'true', '{', 'undefined', '\u0000'])),
        note: 'not an object',
      }),
    ],
    [1, () => ({ bytes: Buffer.from(draw.from(fc.string({ unit: 'binary', maxLength: 200 }))), note: 'random text' })],
  ])();
}

/** Bytes no UTF-8 decoder accepts, spliced into the body right after a string's opening quote. */
function withInvalidUtf8(draw: Draw, bytes: Buffer): Buffer {
  const quote = bytes.indexOf('"', draw.int(0, Math.max(0, bytes.length - 1)));
  const at = quote < 0 ? bytes.length : quote + 1;
  const bad = Buffer.from(
    draw.pick([[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80, 0x80, 0x80]]),
  );
  return Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]);
}

function withExtraField(draw: Draw, current: unknown): unknown {
  if (current === null || typeof current !== 'object' || Array.isArray(current) || current instanceof RawJson) return wrongValue(draw);
  const copy: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  const name = draw.pick(['__proto__', 'constructor', 'prototype', 'x', '', '\ud800', 'a'.repeat(1000), draw.word()]);
  // an own property even for __proto__, so that JSON.stringify writes it as a client would
  Object.defineProperty(copy, name, { value: wrongValue(draw), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** `array` repeated to 500 or 3,000 items, but never past FREE_TEXT_MAX as JSON, like every other body. */
function blownUp(draw: Draw, array: unknown[]): unknown[] {
  if (array.length === 0) return Array.from({ length: draw.pick([1_000, 3_000]) }, () => 'x');
  const wanted = Math.max(1, Math.floor(draw.pick([500, 3_000]) / array.length));
  const size = JSON.stringify(array)?.length ?? 1;
  const times = Math.max(1, Math.min(wanted, Math.floor(FREE_TEXT_MAX / size)));
  return Array.from({ length: times }, () => array).flat();
}

function pathsOf(root: unknown): Path[] {
  const paths: Path[] = [[]];
  const walk = (value: unknown, path: Path) => {
    if (paths.length >= MAX_PATHS || path.length >= MAX_DEPTH || value === null || typeof value !== 'object' || value instanceof RawJson)
      return;
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.slice(0, 20).map((item, i) => [i, item])
      : Object.entries(value);
    for (const [key, inner] of entries) {
      paths.push([...path, key]);
      walk(inner, [...path, key]);
    }
  };
  walk(root, []);
  return paths;
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) value = (value as Record<string | number, unknown>)[key];
  return value;
}

function setAt(root: Container, path: Path, next: unknown): void {
  const parent = valueAt(root, path.slice(0, -1)) as Container;
  const key = path[path.length - 1]!;
  if (next === REMOVE) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key as string];
  } else {
    Object.defineProperty(parent, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
}
