/**
 * Merging the members of an `allOf` into one schema to sample from. Not a full intersection: conflicts the
 * merge cannot express are left to the validator, which then reports them.
 */
import { isSchemaObject, type SchemaObject } from './schema-walk.ts';

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'not'];

/** One schema that asks for at least what every one of `parts` asks for. */
export function mergeSchemas(parts: readonly unknown[]): SchemaObject | false {
  const merged: SchemaObject = {};
  for (const part of parts) {
    if (part === false) return false;
    if (!isSchemaObject(part)) continue;
    for (const [keyword, value] of Object.entries(part)) {
      merged[keyword] = Object.hasOwn(merged, keyword) ? mergeKeyword(keyword, merged[keyword], value) : value;
    }
  }
  return merged;
}

function mergeKeyword(keyword: string, current: unknown, next: unknown): unknown {
  if (LOWER_BOUNDS.includes(keyword) && typeof current === 'number' && typeof next === 'number') return Math.max(current, next);
  if (UPPER_BOUNDS.includes(keyword) && typeof current === 'number' && typeof next === 'number') return Math.min(current, next);
  switch (keyword) {
    case 'type':
      return intersectTypes(current, next);
    case 'required':
      return [...new Set([...asArray(current), ...asArray(next)])];
    case 'enum':
      return intersectValues(current, next);
    case 'properties':
    case 'patternProperties':
    case '$defs':
    case 'definitions':
      return mergeMaps(current, next);
    case 'allOf':
      return [...asArray(current), ...asArray(next)];
    case 'anyOf':
    case 'oneOf':
      // Two alternatives lists cannot be one list; keep the first and let validation judge the second.
      return current;
    default:
      if (SUBSCHEMAS.includes(keyword)) return both(current, next);
      return current;
  }
}

function both(first: unknown, second: unknown): unknown {
  if (first === false || second === false) return false;
  if (first === true || first === undefined) return second;
  if (second === true || second === undefined) return first;
  return { allOf: [first, second] };
}

function mergeMaps(current: unknown, next: unknown): SchemaObject {
  const result: SchemaObject = isSchemaObject(current) ? { ...current } : {};
  if (!isSchemaObject(next)) return result;
  for (const [name, schema] of Object.entries(next)) {
    result[name] = Object.hasOwn(result, name) ? both(result[name], schema) : schema;
  }
  return result;
}

function intersectTypes(current: unknown, next: unknown): unknown {
  const first = asArray(current).filter((type): type is string => typeof type === 'string');
  const second = asArray(next).filter((type): type is string => typeof type === 'string');
  const common = first.flatMap((type) => {
    if (second.includes(type)) return [type];
    // An integer is a number, so "number" and "integer" meet at "integer".
    if (type === 'number' && second.includes('integer')) return ['integer'];
    if (type === 'integer' && second.includes('number')) return ['integer'];
    return [];
  });
  if (common.length === 0) return current;
  return common.length === 1 ? common[0] : [...new Set(common)];
}

function intersectValues(current: unknown, next: unknown): unknown {
  const allowed = new Set(asArray(next).map((value) => JSON.stringify(value)));
  const common = asArray(current).filter((value) => allowed.has(JSON.stringify(value)));
  return common.length > 0 ? common : current;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
