/** Numbers that respect a schema's bounds and `multipleOf`, in a range the property name makes plausible. */
import type { Random } from '../random.ts';
import { hintTokens, type Hint } from './hints.ts';

interface Range {
  min: number;
  max: number;
  decimals: number;
}

type NumberRule = readonly [readonly string[], Range];

const r = (min: number, max: number, decimals = 0): Range => ({ min, max, decimals });

// First match wins, so the narrower names come before the general ones.
const RULES: readonly NumberRule[] = [
  [['age'], r(18, 80)],
  [['year'], r(1990, 2030)],
  [['month'], r(1, 12)],
  [['day'], r(1, 28)],
  [['hour'], r(0, 23)],
  [['minute', 'second'], r(0, 59)],
  [['salary', 'income', 'revenue'], r(30000, 150000)],
  [['price', 'cost', 'amount', 'total', 'subtotal', 'fee', 'balance', 'budget', 'tax'], r(5, 500, 2)],
  [['rating', 'star'], r(1, 5, 1)],
  [['probability', 'confidence', 'ratio'], r(0, 1, 2)],
  [['percent', 'percentage', 'pct'], r(0, 100, 1)],
  [['score'], r(0, 100)],
  [['temperature', 'temp'], r(-5, 35, 1)],
  [['latitude', 'lat'], r(-90, 90, 4)],
  [['longitude', 'lon', 'lng'], r(-180, 180, 4)],
  [['duration'], r(5, 120)],
  [['population'], r(1000, 10000000)],
  [['height'], r(150, 200)],
  [['weight'], r(1, 100, 1)],
  [['distance'], r(1, 500, 1)],
  [['page', 'index', 'position', 'rank', 'step', 'order', 'level', 'priority'], r(1, 10)],
  [['limit', 'size', 'capacity'], r(10, 100)],
  [['quantity', 'qty', 'count', 'number', 'num'], r(1, 10)],
  [['id'], r(1000, 99999)],
];

function hintedRange(hint: Hint, integer: boolean): Range {
  const tokens = hintTokens(hint.key);
  const rule = RULES.find(([names]) => names.some((name) => tokens.includes(name)));
  const range = rule?.[1] ?? (integer ? r(1, 100) : r(1, 100, 2));
  return integer ? { ...range, decimals: 0 } : range;
}

const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Everything the schema says about the value, as one predicate, so any candidate can be checked. */
function constraints(schema: Record<string, unknown>, integer: boolean): (value: number) => boolean {
  const minimum = finite(schema.minimum);
  const maximum = finite(schema.maximum);
  const exclusiveMinimum = finite(schema.exclusiveMinimum);
  const exclusiveMaximum = finite(schema.exclusiveMaximum);
  const multipleOf = finite(schema.multipleOf);
  return (value) =>
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (minimum === undefined || value >= minimum) &&
    (maximum === undefined || value <= maximum) &&
    (exclusiveMinimum === undefined || value > exclusiveMinimum) &&
    (exclusiveMaximum === undefined || value < exclusiveMaximum) &&
    // ajv's own test: the quotient must be an integer.
    (multipleOf === undefined || multipleOf <= 0 || Number.isInteger(value / multipleOf));
}

/** A number (or integer) for `schema`, near the range the hint suggests when the bounds allow it. */
export function sampleNumber(schema: Record<string, unknown>, integer: boolean, hint: Hint, random: Random): number {
  const ok = constraints(schema, integer);
  const preferred = hintedRange(hint, integer);
  const lowBound = Math.max(finite(schema.minimum) ?? -Infinity, finite(schema.exclusiveMinimum) ?? -Infinity);
  const highBound = Math.min(finite(schema.maximum) ?? Infinity, finite(schema.exclusiveMaximum) ?? Infinity);
  const width = Math.max(preferred.max - preferred.min, 1);

  let low = Math.max(lowBound, preferred.min);
  let high = Math.min(highBound, preferred.max);
  if (!(low < high)) {
    // The hint's range misses the bounds or only touches them: stay near whichever bound exists.
    low = Number.isFinite(lowBound) ? lowBound : highBound - width;
    high = Number.isFinite(highBound) ? highBound : lowBound + width;
  }

  const multipleOf = finite(schema.multipleOf);
  if (multipleOf !== undefined && multipleOf > 0) return multipleIn(low, high, multipleOf, ok, random);

  const decimals = preferred.decimals;
  for (let attempt = 0; attempt < 8; attempt++) {
    const raw = integer ? random.int(Math.ceil(low), Math.floor(high)) : random.float(low, high);
    const value = integer ? raw : round(raw, decimals);
    if (ok(value)) return value;
  }
  // Narrow or exclusive ranges defeat rounding; fall back to exact candidates near the middle.
  const middle = (low + high) / 2;
  const candidates = integer
    ? [Math.round(middle), Math.ceil(low), Math.floor(high), Math.floor(lowBound) + 1, Math.ceil(highBound) - 1]
    : [round(middle, decimals), middle, low, high];
  return candidates.find(ok) ?? (integer ? Math.round(middle) : middle);
}

function multipleIn(low: number, high: number, step: number, ok: (value: number) => boolean, random: Random): number {
  const decimals = Math.min(decimalPlaces(step), 12);
  const first = Math.ceil(low / step);
  const last = Math.floor(high / step);
  for (let attempt = 0; attempt < 8; attempt++) {
    const value = round(random.int(first, Math.max(first, last)) * step, decimals);
    if (ok(value)) return value;
  }
  for (let k = first; k <= last && k < first + 16; k++) {
    const value = round(k * step, decimals);
    if (ok(value)) return value;
  }
  return round(first * step, decimals);
}

function decimalPlaces(value: number): number {
  const text = String(value);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  return text.split('.')[1]?.length ?? 0;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
