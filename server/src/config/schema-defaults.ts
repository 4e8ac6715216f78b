import { scenariosSchema } from './schema-validator.ts';

type Defs = Record<string, { properties?: Record<string, { default?: unknown; properties?: Record<string, { default?: unknown }> }> }>;

let defs: Defs | undefined;

/**
 * The `default` the schema declares for a property, so defaults live in one place: the schema.
 * `schemaDefault('ServerSettings', 'port')` is 8080.
 */
export function schemaDefault<T>(definition: string, ...path: string[]): T {
  defs ??= (scenariosSchema() as { $defs: Defs }).$defs;
  let node: unknown = defs[definition];
  for (const key of path) node = (node as { properties?: Record<string, unknown> } | undefined)?.properties?.[key];
  const value = (node as { default?: unknown } | undefined)?.default;
  if (value === undefined) throw new Error(`the schema declares no default for ${definition}.${path.join('.')}`);
  return value as T;
}
