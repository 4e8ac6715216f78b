import test from 'ava';
import { createRandom } from '../random.ts';
import { sampleFromSchema } from './json-from-schema.ts';
import { compiledSchema } from './schema-validator.ts';
import { StructuredOutputError } from './structured-output-error.ts';

const sample = (schema: unknown, seed: number | string = 1): unknown => sampleFromSchema(schema, createRandom(seed));
const samples = (schema: unknown, count = 30): unknown[] => Array.from({ length: count }, (_, seed) => sample(schema, seed));

test('const, enum and type arrays', (t) => {
  t.is(sample({ const: 'fixed' }), 'fixed');
  t.true(samples({ enum: ['a', 1, null] }).every((value) => ['a', 1, null].includes(value as string)));
  const kinds = new Set(samples({ type: ['string', 'null'] }, 60).map((value) => (value === null ? 'null' : typeof value)));
  t.deepEqual([...kinds].sort(), ['null', 'string']);
  t.is(sample({ type: 'null' }), null);
  t.is(typeof sample({ type: 'boolean' }), 'boolean');
});

test('numbers respect bounds, exclusive bounds and multipleOf', (t) => {
  for (const value of samples({ type: 'integer', minimum: 10, maximum: 12 }) as number[])
    t.true(Number.isInteger(value) && value >= 10 && value <= 12);
  for (const value of samples({ type: 'integer', exclusiveMinimum: 3, exclusiveMaximum: 5 }) as number[]) t.is(value, 4);
  for (const value of samples({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }) as number[]) t.true(value > 0 && value < 1);
  for (const value of samples({ type: 'integer', multipleOf: 7, minimum: 100, maximum: 120 }) as number[])
    t.true([105, 112, 119].includes(value));
  for (const value of samples({ type: 'number', multipleOf: 0.25, minimum: 1, maximum: 2 }) as number[])
    t.true(Number.isInteger(value / 0.25) && value >= 1 && value <= 2);
  for (const value of samples({ type: 'integer', minimum: 1_000_000 }) as number[]) t.true(value >= 1_000_000);
});

test('numbers follow the property name when the bounds allow', (t) => {
  const people = samples({
    type: 'object',
    properties: { age: { type: 'integer' }, latitude: { type: 'number' }, price: { type: 'number' } },
    required: ['age', 'latitude', 'price'],
  }) as Array<Record<string, number>>;
  for (const { age = NaN, latitude = NaN, price = NaN } of people) {
    t.true(age >= 18 && age <= 80);
    t.true(latitude >= -90 && latitude <= 90);
    t.true(price >= 5 && price <= 500 && Number(price.toFixed(2)) === price);
  }
});

test('strings respect minLength and maxLength and stay readable', (t) => {
  for (const value of samples({ type: 'string', minLength: 120 }) as string[]) {
    t.true(value.length >= 120);
    t.regex(value, /^[A-Za-z ,.'-]+$/);
  }
  for (const value of samples({ type: 'string', maxLength: 5 }) as string[]) t.true(value.length <= 5);
  for (const value of samples({ type: 'string', minLength: 4, maxLength: 4 }) as string[]) t.is(value.length, 4);
});

test('patterns: randexp for codes, real formats for format-like patterns, words for \\p classes', (t) => {
  for (const value of samples({ type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' }) as string[]) t.regex(value, /^[A-Z]{3}-\d{4}$/);
  for (const value of samples({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) as string[]) t.false(Number.isNaN(Date.parse(value)));
  for (const value of samples({ type: 'string', pattern: '^\\p{Lu}\\p{Ll}+$' }) as string[]) t.regex(value, /^\p{Lu}\p{Ll}+$/u);
  // The same seed gives the same pattern output: randexp is driven by our generator, not Math.random.
  t.is(sample({ type: 'string', pattern: '^[a-z]{12}$' }, 'x'), sample({ type: 'string', pattern: '^[a-z]{12}$' }, 'x'));
});

test('objects: required always, optional sometimes, strict (all required) always complete', (t) => {
  const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } }, required: ['a'] };
  const values = samples(schema, 40) as Array<Record<string, unknown>>;
  t.true(values.every((value) => 'a' in value));
  t.true(values.some((value) => !('b' in value)) && values.some((value) => 'b' in value));
  const strict = { ...schema, required: ['a', 'b', 'c'], additionalProperties: false };
  t.true((samples(strict) as object[]).every((value) => Object.keys(value).join() === 'a,b,c'));
});

test('objects: free-form maps, patternProperties, propertyNames, dependentRequired', (t) => {
  const map = sample({ type: 'object', additionalProperties: { type: 'integer' } }) as Record<string, unknown>;
  t.true(Object.keys(map).length > 0 && Object.values(map).every(Number.isInteger));
  const patterned = sample({
    type: 'object',
    patternProperties: { '^x-[a-z]+$': { type: 'integer' } },
    additionalProperties: false,
    minProperties: 2,
  }) as object;
  t.true(Object.keys(patterned).length >= 2 && Object.keys(patterned).every((key) => /^x-[a-z]+$/.test(key)));
  const codes = sample({
    type: 'object',
    propertyNames: { pattern: '^[A-Z]{2}$' },
    additionalProperties: { type: 'number' },
    minProperties: 1,
  }) as object;
  t.true(Object.keys(codes).every((key) => /^[A-Z]{2}$/.test(key)));
  const card = {
    type: 'object',
    properties: { card: { type: 'string' }, billing: { type: 'string' } },
    required: ['card'],
    dependentRequired: { card: ['billing'] },
  };
  t.true((samples(card) as object[]).every((value) => 'billing' in value));
});

test('arrays: default 1–3 items, min/max, draft-07 tuples, contains, uniqueItems', (t) => {
  const lengths = (samples({ type: 'array', items: { type: 'string' } }, 60) as unknown[][]).map((value) => value.length);
  t.deepEqual([...new Set(lengths)].sort(), [1, 2, 3]);
  for (const value of samples({ type: 'array', items: { type: 'integer' }, minItems: 5, maxItems: 6 }) as unknown[][])
    t.true(value.length >= 5 && value.length <= 6);
  const tuple = sample({ type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false }) as unknown[];
  t.is(tuple.length, 2);
  t.is(typeof tuple[0], 'string');
  t.true(Number.isInteger(tuple[1]));
  for (const value of samples({ type: 'array', items: { type: 'integer' }, contains: { const: 42 }, minContains: 2 }) as number[][]) {
    t.true(value.filter((item) => item === 42).length >= 2);
  }
  for (const value of samples({ type: 'array', items: { enum: ['a', 'b', 'c'] }, minItems: 3, uniqueItems: true }) as string[][]) {
    t.is(new Set(value).size, value.length);
  }
});

test('allOf merges, $ref follows #/$defs, #/definitions, anchors and the root $id', (t) => {
  const merged = sample({
    allOf: [{ type: 'object', properties: { a: { type: 'integer', minimum: 5 } }, required: ['a'] }, { properties: { a: { maximum: 6 } } }],
  }) as { a: number };
  t.true(merged.a >= 5 && merged.a <= 6);
  const refs = {
    $id: 'https://example.com/order.json',
    type: 'object',
    properties: {
      a: { $ref: '#/$defs/email' },
      b: { $ref: '#/definitions/code' },
      c: { $ref: '#mail' },
      d: { $ref: 'https://example.com/order.json#/definitions/code' },
    },
    required: ['a', 'b', 'c', 'd'],
    $defs: { email: { $anchor: 'mail', type: 'string', format: 'email' } },
    definitions: { code: { type: 'string', pattern: '^[0-9]{3}$' } },
  };
  const value = sample(refs) as Record<string, string>;
  t.true(value.a?.includes('@') && value.c?.includes('@'));
  t.regex(value.b ?? '', /^\d{3}$/);
  t.regex(value.d ?? '', /^\d{3}$/);
});

test('oneOf with a validator redraws until exactly one branch accepts the value', (t) => {
  // Whole numbers match both branches; only halves like 7.5 are valid.
  const schema = {
    type: 'object',
    properties: { half: { oneOf: [{ type: 'integer' }, { type: 'number', multipleOf: 0.5 }] } },
    required: ['half'],
  };
  const compiled = compiledSchema(schema);
  const failures = (options: Parameters<typeof sampleFromSchema>[2]): number =>
    Array.from({ length: 100 }, (_, seed) => sampleFromSchema(schema, createRandom(seed), options)).filter(
      (value) => !compiled.validate(value),
    ).length;
  const guided = failures({ matches: (branch, candidate) => compiled.matches(branch, candidate) });
  const blind = failures({});
  t.true(guided <= 15, `${guided} invalid with matches`);
  t.true(blind >= 50, `${blind} invalid without`);
});

test('examples and defaults are sometimes used when they fit the type', (t) => {
  const values = samples({ type: 'string', examples: ['Contoso Ltd'] }, 60);
  t.true(values.includes('Contoso Ltd'));
  t.true(values.some((value) => value !== 'Contoso Ltd'));
  t.false(samples({ type: 'integer', examples: ['not a number'] }, 60).includes('not a number'));
});

test('sampling errors name the schema path', (t) => {
  const dangling = t.throws(() => sample({ type: 'object', properties: { a: { $ref: '#/$defs/nope' } }, required: ['a'] }), {
    instanceOf: StructuredOutputError,
  });
  t.is(dangling?.schemaPath, '/properties/a');
  t.is(dangling?.instancePath, '/a');
  const never = t.throws(() => sample({ type: 'object', properties: { x: false }, required: ['x'] }), {
    instanceOf: StructuredOutputError,
  });
  t.regex(never?.message ?? '', /\/properties\/x.*false/);
  t.throws(() => sample({ type: 'array', minItems: 1_000_000 }), { instanceOf: StructuredOutputError });
});

test('keys that need escaping and "__proto__" are plain own properties', (t) => {
  const schema: unknown = JSON.parse(
    '{"type":"object","properties":{"__proto__":{"type":"string"},"a/b~c":{"type":"integer"}},"required":["__proto__","a/b~c"]}',
  );
  const value = sample(schema) as Record<string, unknown>;
  t.true(Object.hasOwn(value, '__proto__'));
  t.is(Object.getPrototypeOf(value), Object.prototype);
  t.deepEqual(Object.keys(JSON.parse(JSON.stringify(value)) as object), ['__proto__', 'a/b~c']);
});
