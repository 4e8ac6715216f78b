/** The state a sampling walk carries from a schema node to its children. */
import type { Random } from '../random.ts';
import type { Hint } from './hints.ts';
import { StructuredOutputError } from './structured-output-error.ts';

/** Shared by the whole walk. */
export interface Walk {
  root: unknown;
  random: Random;
  /** Whether `value` is valid against `schema` (a subschema of root); undefined when it cannot tell. */
  matches: ((schema: unknown, value: unknown) => boolean | undefined) | undefined;
  /** Nodes sampled so far, to stop runaway schemas. */
  steps: number;
}

/** Where the walk is: one per node, never mutated. */
export interface At {
  /** JSON pointer of the value being produced. */
  path: string;
  /** JSON pointer of the schema producing it. */
  schemaPath: string;
  depth: number;
  /** `$ref`s followed on the way here, to notice recursion. */
  refs: readonly string[];
  /** Produce the smallest valid value: set once recursion or depth says the value must close. */
  minimal: boolean;
  hint: Hint;
}

/** Calls back into the sampler for a child schema. */
export type SampleChild = (schema: unknown, at: At) => unknown;

/** Past this nesting a value must close: only required members, minimum counts, `null` where allowed. */
export const SOFT_DEPTH = 10;
/** Past this nesting the schema cannot close (a required self-reference); sampling gives up. */
export const MAX_DEPTH = 40;
/** A `$ref` met this many times on one path is recursion; its next expansion is minimal. One level of a
 * tree reads as an example of the structure; more only makes the answer long. */
export const RECURSION_LIMIT = 1;
/** Upper bound on nodes per value, and on any single array, so a hostile schema cannot stall a request. */
export const MAX_STEPS = 50_000;
export const MAX_ARRAY_ITEMS = 5_000;

const escapeSegment = (segment: string | number): string => String(segment).replaceAll('~', '~0').replaceAll('/', '~1');

/** The position of a child value; `valueSegment` is undefined when the child is the same value (a branch). */
export function childAt(at: At, valueSegment: string | number | undefined, schemaSegment: string, hint: Hint): At {
  return {
    ...at,
    path: valueSegment === undefined ? at.path : `${at.path}/${escapeSegment(valueSegment)}`,
    schemaPath: `${at.schemaPath}/${schemaSegment}`,
    depth: at.depth + 1,
    minimal: at.minimal || at.depth + 1 >= SOFT_DEPTH,
    hint,
  };
}

/** The schema pointer segment for a property name. */
export function schemaSegment(keyword: string, name: string | number): string {
  return `${keyword}/${escapeSegment(name)}`;
}

/** An error that says where in the schema and the value sampling failed. */
export function samplingError(at: At, reason: string): StructuredOutputError {
  const where = at.schemaPath === '' ? 'the schema root' : `schema path ${at.schemaPath}`;
  return new StructuredOutputError(`Cannot generate a value for ${where}: ${reason}`, {
    schemaPath: at.schemaPath,
    instancePath: at.path,
  });
}
