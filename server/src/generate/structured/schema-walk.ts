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
/**
 * Past this many subschemas from the root (each `properties/x`, `items` or `anyOf/0` a level) a walk stops.
 * Strict mode allows 10 levels of object nesting, which with `items` and nullable `anyOf` wrappers is some 30;
 * a non-strict schema gets twice that again. ajv compiles such a schema into code a level per subschema.
 */
export const MAX_SCHEMA_DEPTH = 64;

/** How a walk ended: every subschema visited, or stopped at one of the limits. */
export type WalkEnd = 'complete' | 'too-many' | 'too-deep';

const escapePointer = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Calls `visit` for `root` and every subschema object below it with its JSON pointer (RFC 6901).
 * Says whether the walk stopped at the size or depth limit.
 */
export function forEachSubschema(root: unknown, visit: (schema: SchemaObject, pointer: string) => void): WalkEnd {
  const stack: Array<[unknown, string, number]> = [[root, '', 0]];
  let count = 0;
  while (stack.length > 0) {
    const [schema, pointer, depth] = stack.pop()!;
    if (!isSchemaObject(schema)) continue;
    if (++count > MAX_SUBSCHEMAS) return 'too-many';
    if (depth > MAX_SCHEMA_DEPTH) return 'too-deep';
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
  return 'complete';
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
