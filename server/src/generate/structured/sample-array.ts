/** Arrays: tuples (`prefixItems`, draft-07 `items: [...]`), lists of 1–3 items by default, `contains`, `uniqueItems`. */
import { childAt, MAX_ARRAY_ITEMS, samplingError, schemaSegment, type At, type SampleChild, type Walk } from './sample-context.ts';
import type { SchemaObject } from './schema-walk.ts';

const UNIQUE_RETRIES = 20;

/** A value for an array schema (`node` already has its `$ref`s and `allOf` folded in). */
export function sampleArray(node: SchemaObject, at: At, walk: Walk, sample: SampleChild): unknown[] {
  const { random } = walk;
  const draft07Tuple = Array.isArray(node.items);
  const prefix: unknown[] = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : [];
  const rest: unknown = draft07Tuple ? node.additionalItems : node.items;
  const restKeyword = draft07Tuple ? 'additionalItems' : 'items';
  const minItems = count(node.minItems) ?? 0;
  const maxItems = count(node.maxItems) ?? Infinity;
  const contains = node.contains === undefined ? undefined : node.contains;
  const minContains = contains === undefined ? 0 : (count(node.minContains) ?? 1);
  if (minItems > MAX_ARRAY_ITEMS) throw samplingError(at, `minItems ${minItems} is more than the simulator generates`);

  let length: number;
  if (at.minimal) length = minItems;
  else if (prefix.length > 0) length = prefix.length;
  else length = random.int(1, recursionAwareMax(at));
  length = Math.min(Math.max(length, minItems, minContains), maxItems, MAX_ARRAY_ITEMS);
  if (rest === false) length = Math.min(length, prefix.length);

  const hint = { key: at.hint.key, parent: at.hint.parent };
  const unique = node.uniqueItems === true;
  const items: unknown[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < length; index++) {
    const inPrefix = index < prefix.length;
    let schema = inPrefix ? prefix[index] : rest === undefined ? true : rest;
    const segment = inPrefix ? schemaSegment(draft07Tuple ? 'items' : 'prefixItems', index) : restKeyword;
    // The last items carry `contains`, so the array holds as many matches as `minContains` asks.
    if (contains !== undefined && index >= length - minContains) schema = mergeContains(schema, contains);
    let item = sample(schema, childAt(at, index, segment, hint));
    // Repeats read as a glitch even where they are allowed, so a couple of redraws; more when they are not allowed.
    const retries = unique ? UNIQUE_RETRIES : 2;
    for (let retry = 0; seen.has(JSON.stringify(item)) && retry < retries; retry++) {
      item = sample(schema, childAt(at, index, segment, hint));
    }
    // Still a duplicate: the item schema is too narrow (an enum of two, say); a shorter array may still be valid.
    if (unique && seen.has(JSON.stringify(item)) && index >= minItems) break;
    seen.add(JSON.stringify(item));
    items.push(item);
  }
  return items;
}

/** Arrays shrink as `$ref`s nest (a tree's `children`), so the output stays readable. */
function recursionAwareMax(at: At): number {
  return Math.max(1, 3 - at.refs.length);
}

function mergeContains(schema: unknown, contains: unknown): unknown {
  if (schema === true || schema === undefined) return contains;
  if (schema === false) return false;
  return { allOf: [schema, contains] };
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}
