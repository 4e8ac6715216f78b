import { fromPointer } from '../config/pointer.ts';
import type { JsonValue } from './cassette-types.ts';

/**
 * Body paths name fields inside a JSON body, for `ignoreFields` and `sanitize.bodyPaths`:
 * dotted (`user`, `stream_options.include_usage`, `messages.*.name`, where `*` is any key or array index) or a
 * JSON pointer (`/metadata/a.b`) for keys that contain dots.
 */
export interface BodyPaths {
  readonly children: ReadonlyMap<string, BodyPaths>;
  /** A path ends here: the field at this node is the one named. */
  readonly end: boolean;
}

interface MutablePaths {
  children: Map<string, MutablePaths>;
  end: boolean;
}

/** The segments of one body path. */
export function parseBodyPath(path: string): string[] {
  return path.startsWith('/') ? fromPointer(path) : path.split('.');
}

/** A trie of `paths`, so that a walk through a body checks all of them at once. */
export function compileBodyPaths(paths: readonly string[]): BodyPaths {
  const root: MutablePaths = { children: new Map(), end: false };
  for (const path of paths) {
    let node = root;
    for (const segment of parseBodyPath(path)) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  return root;
}

const NONE: readonly BodyPaths[] = [];

/**
 * The path nodes that apply to the field `key` below `nodes` (exact names and `*`), and whether one of them
 * names that field itself. Most fields have no rules below them; they get the shared empty list.
 */
export function stepInto(nodes: readonly BodyPaths[], key: string): { nodes: readonly BodyPaths[]; named: boolean } {
  if (nodes.length === 0) return { nodes: NONE, named: false };
  let next: BodyPaths[] | undefined;
  let named = false;
  for (const node of nodes) {
    for (const child of [node.children.get(key), node.children.get('*')]) {
      if (!child) continue;
      if (child.end) named = true;
      if (child.children.size > 0) (next ??= []).push(child);
    }
  }
  return { nodes: next ?? NONE, named };
}

/** `value` with every field `paths` name replaced by `replacement`; the same object when none is present. */
export function replaceAtPaths(value: JsonValue, paths: BodyPaths, replacement: JsonValue): JsonValue {
  return paths.children.size === 0 ? value : replaceBelow(value, [paths], replacement);
}

function replaceBelow(value: JsonValue, nodes: readonly BodyPaths[], replacement: JsonValue): JsonValue {
  if (nodes.length === 0 || value === null || typeof value !== 'object') return value;
  let copy: JsonValue[] | Record<string, JsonValue> | undefined;
  const entries: [string | number, JsonValue][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
  for (const [key, child] of entries) {
    const step = stepInto(nodes, String(key));
    const replaced = step.named ? replacement : replaceBelow(child, step.nodes, replacement);
    if (replaced === child) continue;
    copy ??= Array.isArray(value) ? [...value] : { ...value };
    (copy as Record<string | number, JsonValue>)[key] = replaced;
  }
  return copy ?? value;
}
