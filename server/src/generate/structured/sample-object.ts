/** Objects: declared properties in order, required ones always, some optional ones, extras only when asked. */
import { childAt, samplingError, schemaSegment, type At, type SampleChild, type Walk } from './sample-context.ts';
import { schemaPattern } from './schema-patterns.ts';
import { isSchemaObject, type SchemaObject } from './schema-walk.ts';
import { sampleString } from './strings.ts';

// Keys for free-form objects (`{"type": "object"}` alone); their values then follow the key's hint.
const FREE_KEYS = ['name', 'status', 'category', 'note', 'owner', 'priority', 'source', 'region', 'score', 'created_at'];
const OPTIONAL_CHANCE = 0.6;
const STRING_CONSTRAINTS = new Set(['pattern', 'format', 'minLength', 'maxLength', '$ref', 'anyOf', 'oneOf', 'allOf']);

/** A value for an object schema (`node` already has its `$ref`s and `allOf` folded in). */
export function sampleObject(node: SchemaObject, at: At, walk: Walk, sample: SampleChild): Record<string, unknown> {
  const { random } = walk;
  const properties = isSchemaObject(node.properties) ? node.properties : {};
  const names = Object.keys(properties);
  const required = new Set(strings(node.required));
  const minProperties = count(node.minProperties) ?? 0;
  const maxProperties = count(node.maxProperties) ?? Infinity;

  const chosen = new Set(names.filter((name) => required.has(name)));
  const optional = names.filter((name) => !required.has(name));
  for (const name of optional) {
    if (!at.minimal && chosen.size < maxProperties && random.chance(OPTIONAL_CHANCE)) chosen.add(name);
  }
  for (const name of optional) {
    if (chosen.size >= minProperties) break;
    chosen.add(name);
  }
  addDependencies(node, chosen, required);

  const result: Record<string, unknown> = {};
  for (const name of names) {
    if (!chosen.has(name)) continue;
    const schema = properties[name];
    const hint = { key: name, parent: at.hint.key, description: undefined };
    setOwn(result, name, sample(schema, childAt(at, name, schemaSegment('properties', name), hint)));
  }
  // Required names the `properties` do not declare are governed by patternProperties / additionalProperties.
  for (const name of required) {
    if (Object.hasOwn(result, name)) continue;
    const [schema, segment] = schemaForExtra(node, name);
    setOwn(result, name, sample(schema, childAt(at, name, segment, { key: name, parent: at.hint.key })));
  }

  const freeForm = !isSchemaObject(node.properties) && node.additionalProperties !== false;
  const wanted = Math.min(Math.max(minProperties, freeForm && !at.minimal ? random.int(1, 3) : 0), maxProperties);
  addExtras(node, result, wanted, at, walk, sample);
  return result;
}

function addExtras(node: SchemaObject, result: Record<string, unknown>, wanted: number, at: At, walk: Walk, sample: SampleChild): void {
  const patterns = isSchemaObject(node.patternProperties) ? Object.keys(node.patternProperties) : [];
  if (Object.keys(result).length < wanted && wanted > 1_000)
    throw samplingError(at, `minProperties ${wanted} is more than the simulator generates`);
  for (let attempt = 0; Object.keys(result).length < wanted && attempt < wanted * 3 + 10; attempt++) {
    const name = extraKey(node, patterns, attempt, at, walk);
    if (Object.hasOwn(result, name)) continue;
    const [schema, segment] = schemaForExtra(node, name);
    setOwn(result, name, sample(schema, childAt(at, name, segment, { key: name, parent: at.hint.key })));
  }
}

function extraKey(node: SchemaObject, patterns: string[], attempt: number, at: At, walk: Walk): string {
  const { random } = walk;
  const names = isSchemaObject(node.propertyNames) ? node.propertyNames : undefined;
  if (names && Object.hasOwn(names, 'const')) return String(names.const);
  if (names && Array.isArray(names.enum) && names.enum.length > 0) return String(random.pick(names.enum));
  // `{"type": "string"}` alone (what zod emits for every record) leaves the key free.
  if (names && Object.keys(names).some((keyword) => STRING_CONSTRAINTS.has(keyword))) return sampleString(names, { key: 'key' }, random);
  // With only patternProperties, a key must match a pattern (additionalProperties may well be false).
  if (patterns.length > 0 && (node.additionalProperties === false || random.chance(0.5))) {
    return sampleString({ pattern: random.pick(patterns), minLength: 1 }, { key: at.hint.key }, random);
  }
  const base = random.pick(FREE_KEYS);
  return attempt < FREE_KEYS.length ? base : `${base}_${attempt}`;
}

/** The schema for a property `properties` does not declare, and its schema path segment. */
function schemaForExtra(node: SchemaObject, name: string): [unknown, string] {
  if (isSchemaObject(node.patternProperties)) {
    for (const [pattern, schema] of Object.entries(node.patternProperties)) {
      if (safeTest(pattern, name)) return [schema, schemaSegment('patternProperties', pattern)];
    }
  }
  const additional = node.additionalProperties;
  return [additional === undefined ? true : additional, 'additionalProperties'];
}

/** `dependentRequired` (and draft-07's array form of `dependencies`): naming one property requires others. */
function addDependencies(node: SchemaObject, chosen: Set<string>, required: Set<string>): void {
  const rules = [node.dependentRequired, node.dependencies].filter(isSchemaObject);
  for (let round = 0; round < 8; round++) {
    const before = chosen.size;
    for (const rule of rules) {
      for (const [name, needs] of Object.entries(rule)) {
        if (!chosen.has(name) || !Array.isArray(needs)) continue;
        for (const need of strings(needs)) {
          chosen.add(need);
          required.add(need);
        }
      }
    }
    if (chosen.size === before) return;
  }
}

function safeTest(pattern: string, text: string): boolean {
  return schemaPattern(pattern)?.test(text) ?? false;
}

// A plain assignment to "__proto__" would set the prototype instead of adding a key.
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}
