/**
 * The rules the service holds a JSON Schema to when `strict: true` asks for structured outputs, as the Azure
 * OpenAI "structured outputs" page lists them (every object closed and fully required, an object at the root,
 * limits on size, a list of unsupported keywords), worded as the service words its refusals.
 */

/** The limits the Azure page states (100 properties, five levels) and the companions of that era (OpenAI's guide). */
export const STRICT_SCHEMA_LIMITS = {
  properties: 100,
  nesting: 5,
  enumValues: 500,
  /** one enum of more than this many string values is held to `largeEnumCharacters` */
  largeEnumValues: 250,
  largeEnumCharacters: 7_500,
  /** property names, definition names, enum values and const values, all together */
  stringCharacters: 15_000,
} as const;

/**
 * Keywords the service refuses with "'…' is not permitted": the Azure page's unsupported type-specific keywords,
 * and the composition keywords structured outputs do not take.
 */
const NOT_PERMITTED = new Set([
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'multipleOf',
  'patternProperties',
  'unevaluatedProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'unevaluatedItems',
  'contains',
  'minContains',
  'maxContains',
  'minItems',
  'maxItems',
  'uniqueItems',
  'allOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
]);

const OPT_OUT = "Consider reducing the number of enums, or opt out of structured outputs by setting 'strict: false'.";

/** A node's place in the schema, kept as a chain to its parent: printed only when a rule is broken. */
interface Context {
  readonly parent: Context | undefined;
  readonly key: string | number;
}

/** What the walk adds up over the whole schema, against the size limits. */
interface Totals {
  properties: number;
  enumValues: number;
  characters: number;
  deepest: number;
}

/**
 * Why the service refuses `schema` in strict mode, in its words after "Invalid schema for …: ", or undefined when
 * it takes it. The first rule broken wins, walking the schema in document order, as the service reports one.
 *
 * @example
 * strictSchemaViolation({ type: 'object', properties: {} }); // "In context=(), 'additionalProperties' is required to be supplied and to be false."
 */
export function strictSchemaViolation(schema: unknown): string | undefined {
  if (!isRecord(schema) || schema.type !== 'object') {
    const type = isRecord(schema) && typeof schema.type === 'string' ? schema.type : 'None';
    return `schema must be a JSON Schema of 'type: "object"', got 'type: "${type}"'.`;
  }
  const totals: Totals = { properties: 0, enumValues: 0, characters: 0, deepest: 0 };
  const broken = nodeViolation(schema, undefined, 0, totals) ?? definitionsViolation(schema, totals);
  if (broken) return broken;
  const limits = STRICT_SCHEMA_LIMITS;
  if (totals.deepest > limits.nesting) return `${totals.deepest} levels of nesting exceeds limit of ${limits.nesting}.`;
  if (totals.properties > limits.properties) return `${totals.properties} parameters exceeds limit of ${limits.properties}.`;
  if (totals.enumValues > limits.enumValues) {
    return `Expected at most ${limits.enumValues} enum values in total within a single schema when using structured outputs, but received ${totals.enumValues}. ${OPT_OUT}`;
  }
  if (totals.characters > limits.stringCharacters) {
    return `Expected at most ${limits.stringCharacters} total characters across property names, definition names, enum values and const values within a single schema when using structured outputs, but received ${totals.characters}. Consider reducing the size of the schema, or opt out of structured outputs by setting 'strict: false'.`;
  }
  return undefined;
}

/** Definitions sit one level below the root; references to them are checked by the generator, not followed here. */
function definitionsViolation(root: Record<string, unknown>, totals: Totals): string | undefined {
  for (const keyword of ['$defs', 'definitions']) {
    const definitions = root[keyword];
    if (!isRecord(definitions)) continue;
    for (const [name, definition] of Object.entries(definitions)) {
      totals.characters += name.length;
      const broken = nodeViolation(definition, { parent: { parent: undefined, key: keyword }, key: name }, 1, totals);
      if (broken) return broken;
    }
  }
  return undefined;
}

/** Checks one schema node and what it nests; `depth` counts the `properties` and `items` steps from the root. */
function nodeViolation(node: unknown, context: Context | undefined, depth: number, totals: Totals): string | undefined {
  totals.deepest = Math.max(totals.deepest, depth);
  if (!isRecord(node) || !('type' in node || 'anyOf' in node || '$ref' in node || 'enum' in node || 'const' in node)) {
    return `${inContext(context)}schema must have a 'type' key.`;
  }
  for (const keyword of Object.keys(node)) {
    if (NOT_PERMITTED.has(keyword)) return `${inContext(context)}'${keyword}' is not permitted.`;
  }
  const enumBroken = enumViolation(node.enum, totals);
  if (enumBroken) return enumBroken;
  if ('const' in node) totals.characters += valueText(node.const).length;
  if (hasType(node.type, 'object')) {
    const broken = objectViolation(node, context, depth, totals);
    if (broken) return broken;
  }
  if (hasType(node.type, 'array')) {
    if (!('items' in node)) return `${inContext(context)}array schema missing items.`;
    const broken = nodeViolation(node.items, { parent: context, key: 'items' }, depth + 1, totals);
    if (broken) return broken;
  }
  if (Array.isArray(node.anyOf)) {
    // a union is one value, not one more level of nesting
    for (const [index, branch] of node.anyOf.entries()) {
      const broken = nodeViolation(branch, { parent: { parent: context, key: 'anyOf' }, key: index }, depth, totals);
      if (broken) return broken;
    }
  }
  return undefined;
}

function objectViolation(node: Record<string, unknown>, context: Context | undefined, depth: number, totals: Totals): string | undefined {
  if (node.additionalProperties !== false) {
    return `${inContext(context)}'additionalProperties' is required to be supplied and to be false.`;
  }
  if (!isRecord(node.properties)) return `${inContext(context)}object schema missing properties.`;
  const names = Object.keys(node.properties);
  // sets, not arrays: a hostile object of many thousand properties must not cost their square
  const required = new Set<unknown>(Array.isArray(node.required) ? node.required : []);
  const missing = names.find((name) => !required.has(name));
  const extra = missing === undefined ? [...required].find((name) => !Object.hasOwn(node.properties as object, name as string)) : undefined;
  if (missing !== undefined || extra !== undefined) {
    const why = missing !== undefined ? `Missing '${missing}'.` : `Extra required key '${String(extra)}' supplied.`;
    return `${inContext(context)}'required' is required to be supplied and to be an array including every key in properties. ${why}`;
  }
  for (const name of names) {
    totals.properties += 1;
    totals.characters += name.length;
    const broken = nodeViolation(node.properties[name], { parent: { parent: context, key: 'properties' }, key: name }, depth + 1, totals);
    if (broken) return broken;
  }
  return undefined;
}

/** Counts an enum's values and characters; one enum of many strings is held to a total length of its own. */
function enumViolation(values: unknown, totals: Totals): string | undefined {
  if (!Array.isArray(values)) return undefined;
  let strings = 0;
  let stringCharacters = 0;
  for (const value of values) {
    const text = valueText(value);
    totals.characters += text.length;
    if (typeof value === 'string') {
      strings += 1;
      stringCharacters += text.length;
    }
  }
  totals.enumValues += values.length;
  const { largeEnumValues, largeEnumCharacters } = STRICT_SCHEMA_LIMITS;
  if (strings <= largeEnumValues || stringCharacters <= largeEnumCharacters) return undefined;
  return `Expected at most ${largeEnumCharacters} total characters across enum values when there are more than ${largeEnumValues} enum values, but received ${stringCharacters}. ${OPT_OUT}`;
}

/** `type` names one type, or lists several (`["string", "null"]`). */
function hasType(type: unknown, name: string): boolean {
  return type === name || (Array.isArray(type) && type.includes(name));
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** "In context=('properties', 'address'), ": the path as the service's Python prints a tuple. */
function inContext(context: Context | undefined): string {
  const items: string[] = [];
  for (let at = context; at; at = at.parent) items.unshift(typeof at.key === 'number' ? String(at.key) : pythonString(at.key));
  const tuple = items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  return `In context=${tuple}, `;
}

function pythonString(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text}"`;
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
