/** A JSON Schema node, as the schema-quality tests read it. */
export type SchemaNode = Record<string, unknown>;

/**
 * Every subschema of `node` with its path (`#/$defs/…`), so that schema-quality tests can name the offender.
 * Values that are data rather than subschemas (examples, defaults, enums, consts) and `if` tests are skipped.
 */
export function* walkSchema(node: unknown, path = '#'): Generator<[string, SchemaNode]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walkSchema(item, `${path}/${i}`);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  yield [path, node as SchemaNode];
  for (const [key, value] of Object.entries(node)) {
    // an `if` tests values, it declares nothing
    if (key === 'examples' || key === 'default' || key === 'enum' || key === 'const' || key === 'if') continue;
    yield* walkSchema(value, `${path}/${key}`);
  }
}
