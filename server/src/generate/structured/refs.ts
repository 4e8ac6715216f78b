/** Resolving `$ref` inside one schema document: JSON pointers, `$anchor`s and the root's own `$id`. */
import { forEachSubschema, isSchemaObject, type SchemaObject } from './schema-walk.ts';

const anchorIndexes = new WeakMap<object, Map<string, SchemaObject>>();

/**
 * The schema `ref` points to within `root`, or undefined when it leaves the document (another URL) or
 * points nowhere. Requests carry one self-contained schema, so nothing is ever fetched.
 */
export function resolveRef(root: unknown, ref: string): unknown {
  const fragment = localFragment(root, ref);
  if (fragment === undefined) return undefined;
  if (fragment === '') return root;
  if (fragment.startsWith('/')) return followPointer(root, fragment);
  return isSchemaObject(root) ? anchors(root).get(fragment) : undefined;
}

function localFragment(root: unknown, ref: string): string | undefined {
  const hash = ref.indexOf('#');
  const base = hash === -1 ? ref : ref.slice(0, hash);
  const rootId = isSchemaObject(root) && typeof root.$id === 'string' ? root.$id.split('#')[0] : undefined;
  if (base !== '' && base !== rootId) return undefined;
  try {
    return hash === -1 ? '' : decodeURIComponent(ref.slice(hash + 1));
  } catch {
    return undefined;
  }
}

function followPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) node = /^\d+$/.test(segment) ? node[Number(segment)] : undefined;
    else if (isSchemaObject(node)) node = Object.hasOwn(node, segment) ? node[segment] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function anchors(root: SchemaObject): Map<string, SchemaObject> {
  let index = anchorIndexes.get(root);
  if (!index) {
    const built = new Map<string, SchemaObject>();
    forEachSubschema(root, (schema) => {
      for (const name of [schema.$anchor, schema.$dynamicAnchor]) if (typeof name === 'string') built.set(name, schema);
      // Draft-07 spelled anchors as a fragment-only `$id`.
      if (typeof schema.$id === 'string' && schema.$id.startsWith('#')) built.set(schema.$id.slice(1), schema);
    });
    anchorIndexes.set(root, built);
    index = built;
  }
  return index;
}

/** Every `$ref` in `root` that does not resolve, as `pointer: ref` lines; empty when all do. */
export function unresolvedRefs(root: unknown): string[] {
  const problems: string[] = [];
  forEachSubschema(root, (schema, pointer) => {
    for (const keyword of ['$ref', '$dynamicRef']) {
      const ref = schema[keyword];
      if (typeof ref === 'string' && resolveRef(root, ref) === undefined) problems.push(`${pointer || '/'}: ${keyword} "${ref}"`);
    }
  });
  return problems;
}
