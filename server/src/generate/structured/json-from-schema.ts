/**
 * A plausible value for a JSON Schema, the way a model in structured-output mode would answer: every
 * required field, readable strings, small arrays. Deterministic for a given Random. Validation is not done
 * here (see structured-output.ts), so a value for an unsatisfiable schema comes back invalid, not as an error.
 */
import type { Random } from '../random.ts';
import { mergeSchemas } from './merge-schemas.ts';
import { sampleNumber } from './numbers.ts';
import { plausibleString } from './plausible-strings.ts';
import { resolveRef } from './refs.ts';
import { sampleArray } from './sample-array.ts';
import { MAX_DEPTH, MAX_STEPS, RECURSION_LIMIT, childAt, samplingError, type At, type Walk } from './sample-context.ts';
import { sampleObject } from './sample-object.ts';
import { isSchemaObject, type SchemaObject } from './schema-walk.ts';
import { sampleString } from './strings.ts';

export interface SampleOptions {
  /** What the whole value is, e.g. the response format's or the tool's name; guides the root's property values. */
  hint?: string;
  /** Whether `value` is valid against `schema`, a subschema of the root; used to make `oneOf` match one branch. */
  matches?: (schema: unknown, value: unknown) => boolean | undefined;
}

const NULL_CHANCE = 0.15;
const EXAMPLE_CHANCE = 0.25;
const MAX_FOLDS = 32;
const ONE_OF_ATTEMPTS = 8;
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'];
// Keywords that describe rather than constrain: a `$ref` or branch with only these beside it needs no merge.
const ANNOTATIONS = new Set([
  'title',
  'description',
  '$comment',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$schema',
  '$id',
  '$anchor',
  '$defs',
  'definitions',
]);

/**
 * A value for `schema`. Throws StructuredOutputError only when no value can be built at all (a dangling
 * `$ref`, a `false` schema, recursion that never closes).
 */
export function sampleFromSchema(schema: unknown, random: Random, options: SampleOptions = {}): unknown {
  const walk: Walk = { root: schema, random, matches: options.matches, steps: 0 };
  const title = isSchemaObject(schema) && typeof schema.title === 'string' ? schema.title : undefined;
  const at: At = { path: '', schemaPath: '', depth: 0, refs: [], minimal: false, hint: { key: options.hint ?? title } };
  return sample(schema, at, walk);
}

function sample(schema: unknown, at: At, walk: Walk): unknown {
  if (++walk.steps > MAX_STEPS) throw samplingError(at, `the value would need more than ${MAX_STEPS} nodes`);
  if (at.depth > MAX_DEPTH) throw samplingError(at, `nesting deeper than ${MAX_DEPTH} levels; a required recursive $ref never ends`);
  const folded = fold(schema, at, walk);
  const node = folded.node;
  const here = folded.at;
  if (node === false) throw samplingError(here, 'the schema `false` allows no value');
  if (node === true) return plausibleString(here.hint, walk.random);
  // The first description on the way to a value wins: the property's own words, not those of its branch or type.
  const described: At =
    typeof node.description === 'string' && !here.hint.description
      ? { ...here, hint: { ...here.hint, description: node.description } }
      : here;

  if (Object.hasOwn(node, 'const')) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return pickEnum(node.enum, described, walk);
  const example = usableExample(node, described, walk);
  if (example !== undefined) return example.value;
  if (Array.isArray(node.anyOf) && node.anyOf.length > 0) return sampleBranches(node, 'anyOf', described, walk);
  if (Array.isArray(node.oneOf) && node.oneOf.length > 0) return sampleBranches(node, 'oneOf', described, walk);

  switch (chooseType(node, described, walk)) {
    case 'null':
      return null;
    case 'boolean':
      return walk.random.chance(0.5);
    case 'integer':
      return sampleNumber(node, true, described.hint, walk.random);
    case 'number':
      return sampleNumber(node, false, described.hint, walk.random);
    case 'object':
      return sampleObject(node, described, walk, (child, childAt) => sample(child, childAt, walk));
    case 'array':
      return sampleArray(node, described, walk, (child, childAt) => sample(child, childAt, walk));
    default:
      return sampleString(node, described.hint, walk.random);
  }
}

/** Follows `$ref`s and merges `allOf`s until one plain schema is left, noting recursion on the way. */
function fold(schema: unknown, at: At, walk: Walk, nesting = 0): { node: SchemaObject | boolean; at: At } {
  if (schema === undefined) return { node: true, at };
  if (typeof schema === 'boolean') return { node: schema, at };
  if (!isSchemaObject(schema)) throw samplingError(at, `expected a schema object, got ${JSON.stringify(schema)}`);
  let node: SchemaObject = schema;
  let here = at;
  for (let step = 0; step < MAX_FOLDS; step++) {
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      const target = resolveRef(walk.root, ref);
      if (target === undefined) throw samplingError(here, `$ref "${ref}" does not resolve inside the schema`);
      const seen = here.refs.filter((previous) => previous === ref).length;
      const fragment = ref.includes('#') ? ref.slice(ref.indexOf('#') + 1) : '';
      here = {
        ...here,
        refs: [...here.refs, ref],
        schemaPath: fragment.startsWith('/') || fragment === '' ? fragment : here.schemaPath,
        minimal: here.minimal || seen >= RECURSION_LIMIT,
      };
      const { $ref: _, ...siblings } = node;
      if (typeof target === 'boolean') return { node: onlyAnnotations(siblings) ? target : target && siblings, at: here };
      if (!isSchemaObject(target)) throw samplingError(here, `$ref "${ref}" points at something that is not a schema`);
      node = onlyAnnotations(siblings) ? { ...target, ...annotationsOf(siblings, target) } : mergeOrFalse(target, siblings);
      continue;
    }
    if (Array.isArray(node.allOf)) {
      if (nesting > MAX_FOLDS) throw samplingError(here, 'allOf and $ref nest without end');
      const { allOf, ...rest } = node;
      const members = allOf.map((member) => fold(member, here, walk, nesting + 1).node);
      const merged = mergeSchemas([rest, ...members]);
      if (merged === false) return { node: false, at: here };
      node = merged;
      continue;
    }
    return { node, at: here };
  }
  throw samplingError(here, `more than ${MAX_FOLDS} chained $ref/allOf`);
}

function mergeOrFalse(target: SchemaObject, siblings: SchemaObject): SchemaObject {
  // mergeSchemas only answers false for a `false` member, and both members here are objects.
  return mergeSchemas([target, siblings]) || {};
}

function onlyAnnotations(schema: SchemaObject): boolean {
  return Object.keys(schema).every((keyword) => ANNOTATIONS.has(keyword));
}

// The referencing site's description is the more specific one ("the buyer", not "a person").
function annotationsOf(siblings: SchemaObject, target: SchemaObject): SchemaObject {
  return typeof siblings.description === 'string' ? { description: siblings.description } : { description: target.description };
}

function pickEnum(values: unknown[], at: At, walk: Walk): unknown {
  if (at.minimal && values.includes(null)) return null;
  return walk.random.pick(values);
}

/** A primitive `examples`/`default` of the right type, sometimes: the schema author's own idea of a value. */
function usableExample(node: SchemaObject, at: At, walk: Walk): { value: unknown } | undefined {
  if (at.minimal) return undefined;
  const candidates = [...(Array.isArray(node.examples) ? node.examples : []), ...(Object.hasOwn(node, 'default') ? [node.default] : [])];
  const types = allowedTypes(node);
  const fitting = candidates.filter(
    (value) =>
      value !== null &&
      typeof value !== 'object' &&
      (types.includes(jsonType(value)) || (jsonType(value) === 'integer' && types.includes('number'))) &&
      walk.matches?.(node, value) !== false,
  );
  if (fitting.length === 0 || !walk.random.chance(EXAMPLE_CHANCE)) return undefined;
  return { value: walk.random.pick(fitting) };
}

/** Try branches until one gives a value; for oneOf, a value that exactly one branch accepts. */
function sampleBranches(node: SchemaObject, keyword: 'anyOf' | 'oneOf', at: At, walk: Walk): unknown {
  const branches = node[keyword] as unknown[];
  const { [keyword]: _, ...rest } = node;
  const bare = onlyAnnotations(rest);
  const order = branchOrder(branches, at, walk);
  let last: unknown;
  // oneOf may need several draws from the same branch (an integer also matches "multiple of 0.5").
  const attempts = keyword === 'oneOf' && walk.matches ? ONE_OF_ATTEMPTS : Math.min(order.length, ONE_OF_ATTEMPTS);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const index = order[attempt % order.length] as number;
    const branch = branches[index];
    const schema = bare ? branch : { allOf: [rest, branch] };
    last = sample(schema, childAt(at, undefined, `${keyword}/${index}`, at.hint), walk);
    if (keyword === 'anyOf' || !walk.matches) return last;
    const verdicts = branches.map((candidate) => walk.matches?.(candidate, last));
    if (verdicts.includes(undefined) || verdicts.filter((verdict) => verdict === true).length === 1) return last;
  }
  return last;
}

function branchOrder(branches: unknown[], at: At, walk: Walk): number[] {
  const indices = branches.map((_, index) => index);
  if (at.minimal) return indices.sort((a, b) => closingCost(branches[a]) - closingCost(branches[b]));
  const shuffled = walk.random.shuffle(indices);
  // A null branch is how strict mode spells "optional"; models fill such fields more often than not.
  const first = shuffled[0];
  if (first !== undefined && closingCost(branches[first]) === 0 && shuffled.length > 1 && !walk.random.chance(NULL_CHANCE)) {
    shuffled.push(shuffled.shift() as number);
  }
  return shuffled;
}

/** How small a value a branch leads to: null first, then scalars, then containers, then more references. */
function closingCost(branch: unknown): number {
  if (!isSchemaObject(branch)) return 2;
  if (branch.type === 'null' || branch.const === null) return 0;
  if (typeof branch.$ref === 'string') return 4;
  const types = allowedTypes(branch);
  if (types.includes('null')) return 0;
  if (types.every((type) => type !== 'object' && type !== 'array')) return 1;
  return types.includes('array') ? 2 : 3;
}

function chooseType(node: SchemaObject, at: At, walk: Walk): string {
  const types = allowedTypes(node);
  if (types.length <= 1) return types[0] ?? 'string';
  if (types.includes('null') && (at.minimal || walk.random.chance(NULL_CHANCE))) return 'null';
  const others = types.filter((type) => type !== 'null');
  if (at.minimal) return others.find((type) => type !== 'object' && type !== 'array') ?? walk.random.pick(others);
  return walk.random.pick(others);
}

/** The declared types, or the ones the keywords imply when `type` is absent. */
function allowedTypes(node: SchemaObject): string[] {
  const declared = (Array.isArray(node.type) ? node.type : [node.type]).filter((type): type is string =>
    JSON_TYPES.includes(type as string),
  );
  if (declared.length > 0) return declared;
  const has = (...keywords: string[]): boolean => keywords.some((keyword) => Object.hasOwn(node, keyword));
  if (has('properties', 'required', 'additionalProperties', 'patternProperties', 'minProperties', 'maxProperties', 'propertyNames'))
    return ['object'];
  if (has('items', 'prefixItems', 'minItems', 'maxItems', 'contains', 'uniqueItems')) return ['array'];
  if (has('minLength', 'maxLength', 'pattern', 'format')) return ['string'];
  if (has('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf')) return ['number'];
  return ['string'];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
