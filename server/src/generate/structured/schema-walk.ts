/** Walking a JSON Schema's subschemas (not its data keywords such as `enum` or `default`), bounded. */

export type SchemaObject = Record<string, unknown>;

/** A JSON object usable as a schema (booleans are handled by callers). */
export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SINGLE = [
  'additionalProperties',
  'additionalItems',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
];
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/** Past this many subschemas a walk stops; a schema that large is not something a request would carry. */
export const MAX_SUBSCHEMAS = 20_000;
const MAX_WALK_DEPTH = 200;

const escapePointer = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Calls `visit` for `root` and every subschema object below it with its JSON pointer (RFC 6901).
 * Returns false when the walk stopped at the size or depth limit.
 */
export function forEachSubschema(root: unknown, visit: (schema: SchemaObject, pointer: string) => void): boolean {
  const stack: Array<[unknown, string, number]> = [[root, '', 0]];
  let count = 0;
  while (stack.length > 0) {
    const [schema, pointer, depth] = stack.pop()!;
    if (!isSchemaObject(schema)) continue;
    if (++count > MAX_SUBSCHEMAS || depth > MAX_WALK_DEPTH) return false;
    visit(schema, pointer);
    for (const keyword of SINGLE) {
      if (isSchemaObject(schema[keyword])) stack.push([schema[keyword], `${pointer}/${keyword}`, depth + 1]);
    }
    for (const keyword of LISTS) {
      const list = schema[keyword];
      if (Array.isArray(list)) list.forEach((item, index) => stack.push([item, `${pointer}/${keyword}/${index}`, depth + 1]));
    }
    for (const keyword of MAPS) {
      const map = schema[keyword];
      if (!isSchemaObject(map)) continue;
      for (const [name, item] of Object.entries(map)) stack.push([item, `${pointer}/${keyword}/${escapePointer(name)}`, depth + 1]);
    }
  }
  return true;
}

const pointerIndexes = new WeakMap<object, Map<object, string>>();

/** Where each subschema object of `root` sits, as a JSON pointer; built once per root object. */
export function subschemaPointer(root: object, schema: object): string | undefined {
  let index = pointerIndexes.get(root);
  if (!index) {
    const built = new Map<object, string>();
    forEachSubschema(root, (node, pointer) => {
      if (!built.has(node)) built.set(node, pointer);
    });
    pointerIndexes.set(root, built);
    index = built;
  }
  return index.get(schema);
}
