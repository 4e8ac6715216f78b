import type { NumberMatcher } from '../../generated/scenarios.ts';
import type { Verdict } from './types.ts';

/** Bounds on a number, as a NumberMatcher object or a BodyMatcher gives them. */
export interface Bounds {
  equals?: number;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** A compiled set of bounds: whether a value is a number within them, and how they read. */
export interface CompiledBounds {
  /** Whether any bound was given; with none, every number holds. */
  any: boolean;
  holds(value: unknown): boolean;
  /** `>= 3 and < 10`; a lone equals reads as just the number. */
  description: string;
}

const RELATIONS = [
  ['equals', '=', (a: number, b: number) => a === b],
  ['gt', '>', (a: number, b: number) => a > b],
  ['gte', '>=', (a: number, b: number) => a >= b],
  ['lt', '<', (a: number, b: number) => a < b],
  ['lte', '<=', (a: number, b: number) => a <= b],
] as const;

/** Compiles bounds; keys that are not numbers are left out. */
export function compileBounds(bounds: Bounds): CompiledBounds {
  const tests: Array<(value: number) => boolean> = [];
  const parts: string[] = [];
  for (const [key, symbol, compare] of RELATIONS) {
    const bound = bounds[key];
    if (typeof bound !== 'number') continue;
    tests.push((value) => compare(value, bound));
    parts.push(`${symbol} ${bound}`);
  }
  const description = parts.length === 1 && typeof bounds.equals === 'number' ? String(bounds.equals) : parts.join(' and ');
  return {
    any: tests.length > 0,
    holds: (value) => typeof value === 'number' && !Number.isNaN(value) && tests.every((test) => test(value)),
    description,
  };
}

/** Compiles a NumberMatcher for the condition named `field`: a plain number must be equal; an object gives bounds. */
export function compileNumberMatcher(field: string, matcher: NumberMatcher): (value: number | undefined) => Verdict {
  const bounds = compileBounds(
    typeof matcher === 'number' ? { equals: matcher } : typeof matcher === 'object' && matcher !== null ? matcher : {},
  );
  const expected = bounds.any ? bounds.description : 'a number';
  return (value) => (bounds.holds(value) ? undefined : { field, expected, actual: value === undefined ? 'absent' : String(value) });
}
