import { BoundedCache } from './bounded-cache.ts';

/** A step into a body: a name into an object, or a number into an array (negative from the end) or object. */
export type PathSegment = string | number;

// One step: `name` (after a dot, except first), `[3]`, `[-1]`, `["a.b"]` or `['a.b']`.
const STEP = /(\.)?(?:([^.[\]]+)|\[\s*(?:(-?\d+)|"([^"]*)"|'([^']*)')\s*\])/y;
const DIGITS = /^\d+$/;

const cache = new BoundedCache<string, readonly PathSegment[] | string>(1000);

/**
 * The steps of a dot and bracket path such as `messages[0].role`, `messages[-1].content`, `metadata.tenant` or
 * `metadata["a.b"]`; for a malformed path, what is wrong with it. Parsed once per path.
 */
export function parseBodyPath(path: string): readonly PathSegment[] | string {
  let parsed = cache.get(path);
  if (parsed === undefined) {
    parsed = parse(path);
    cache.set(path, parsed);
  }
  return parsed;
}

function parse(path: string): readonly PathSegment[] | string {
  if (path === '') return 'the path is empty';
  const segments: PathSegment[] = [];
  STEP.lastIndex = 0;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const step = STEP.exec(path);
    if (!step) return `unexpected ${JSON.stringify(path[at])} at ${at}`;
    const [, dot, name, index, doubleQuoted, singleQuoted] = step;
    if (name !== undefined) {
      if ((dot === undefined) !== (at === 0)) return at === 0 ? 'the path starts with "."' : `expected "." before ${JSON.stringify(name)}`;
      segments.push(DIGITS.test(name) ? Number(name) : name);
    } else {
      if (dot !== undefined) return `unexpected "." before "[" at ${at}`;
      segments.push(index !== undefined ? Number(index) : (doubleQuoted ?? singleQuoted ?? ''));
    }
  }
  return segments;
}

/** The value at the path, or undefined when any step is missing or lands on the wrong kind of value. */
export function resolveBodyPath(body: unknown, segments: readonly PathSegment[]): unknown {
  let node = body;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) {
      if (typeof segment !== 'number') return undefined;
      node = node[segment < 0 ? node.length + segment : segment];
    } else {
      const key = String(segment);
      // Own keys only: `constructor` or `__proto__` must not reach Object.prototype.
      node = Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return node;
}
