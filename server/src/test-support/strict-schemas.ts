/** Schemas built to a size, for tests that walk the strict-mode limits to their edges. */

/** A closed object whose every property is required, as strict mode wants it. */
export function closed(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

/** An object nesting `levels` objects below the root, with a string at the bottom. */
export function nested(levels: number): Record<string, unknown> {
  return levels === 0 ? { type: 'string' } : closed({ x: nested(levels - 1) });
}

/** An object with `count` string properties, named `p0`, `p1`… */
export function wide(count: number): Record<string, unknown> {
  return closed(Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, { type: 'string' }])));
}
