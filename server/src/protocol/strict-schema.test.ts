import test from 'ava';
import { closed, nested, wide } from '../test-support/strict-schemas.ts';
import { STRICT_SCHEMA_LIMITS, strictSchemaViolation } from './strict-schema.ts';

test('the Azure docs examples are taken: definitions, root recursion, explicit recursion, nested anyOf', (t) => {
  const step = closed({ explanation: { type: 'string' }, output: { type: 'string' } });
  t.is(strictSchemaViolation({ ...closed({ steps: { type: 'array', items: { $ref: '#/$defs/step' } } }), $defs: { step } }), undefined);
  const ui = closed({
    type: { type: 'string', enum: ['div', 'button', 'header'] },
    children: { type: 'array', items: { $ref: '#' } },
  });
  t.is(strictSchemaViolation(ui), undefined);
  const node = closed({ value: { type: 'number' }, next: { anyOf: [{ $ref: '#/$defs/node' }, { type: 'null' }] } });
  t.is(strictSchemaViolation({ ...closed({ linked_list: { $ref: '#/$defs/node' } }), $defs: { node } }), undefined);
  const item = {
    anyOf: [closed({ name: { type: 'string' }, age: { type: 'number' } }), closed({ city: { type: ['string', 'null'] } })],
  };
  t.is(strictSchemaViolation(closed({ item })), undefined);
  t.is(strictSchemaViolation(closed({})), undefined);
});

test('the root must be an object, never a union', (t) => {
  t.is(strictSchemaViolation({ anyOf: [closed({})] }), `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`);
  t.is(
    strictSchemaViolation({ type: 'array', items: { type: 'string' } }),
    `schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`,
  );
});

test('every object must be closed, named by its context as the service prints it', (t) => {
  t.is(
    strictSchemaViolation({ type: 'object', properties: {} }),
    "In context=(), 'additionalProperties' is required to be supplied and to be false.",
  );
  t.is(
    strictSchemaViolation(closed({ address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } })),
    "In context=('properties', 'address'), 'additionalProperties' is required to be supplied and to be false.",
  );
  t.is(
    strictSchemaViolation(closed({ tags: { type: 'array', items: { type: 'object', properties: {}, additionalProperties: true } } })),
    "In context=('properties', 'tags', 'items'), 'additionalProperties' is required to be supplied and to be false.",
  );
  t.is(
    strictSchemaViolation({ ...closed({}), $defs: { step: { type: 'object', properties: {} } } }),
    "In context=('$defs', 'step'), 'additionalProperties' is required to be supplied and to be false.",
  );
  t.is(
    strictSchemaViolation(closed({ item: { anyOf: [{ type: 'null' }, { type: 'object', properties: {} }] } })),
    "In context=('properties', 'item', 'anyOf', 1), 'additionalProperties' is required to be supplied and to be false.",
  );
});

test('every property must be required, and only properties', (t) => {
  const schema = {
    type: 'object',
    properties: { id: { type: 'string' }, note: { type: 'string' } },
    required: ['id'],
    additionalProperties: false,
  };
  t.is(
    strictSchemaViolation(schema),
    "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'note'.",
  );
  t.is(
    strictSchemaViolation({ ...schema, required: undefined }),
    "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'id'.",
  );
  t.is(
    strictSchemaViolation({ ...schema, required: ['id', 'note', 'ghost'] }),
    "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Extra required key 'ghost' supplied.",
  );
});

test('keywords outside the strict subset are not permitted, wherever they sit', (t) => {
  t.is(
    strictSchemaViolation(closed({ quote: { type: 'string', minLength: 1 } })),
    "In context=('properties', 'quote'), 'minLength' is not permitted.",
  );
  t.is(
    strictSchemaViolation(closed({ tags: { type: 'array', items: { type: 'string' }, uniqueItems: true } })),
    "In context=('properties', 'tags'), 'uniqueItems' is not permitted.",
  );
  t.is(strictSchemaViolation({ ...closed({}), oneOf: [] }), "In context=(), 'oneOf' is not permitted.");
  for (const keyword of ['pattern', 'format', 'minimum', 'maximum', 'multipleOf', 'minItems', 'maxItems', 'allOf', 'not', 'if']) {
    t.regex(strictSchemaViolation(closed({ a: { type: 'string', [keyword]: 1 } })) ?? '', new RegExp(`'${keyword}' is not permitted\\.$`));
  }
  // a property may be called after a keyword: it is a name, not a keyword
  t.is(strictSchemaViolation(closed({ pattern: { type: 'string' }, format: { type: 'string' } })), undefined);
});

test('a node must say what it is, an array what it holds, an object what it has', (t) => {
  t.is(strictSchemaViolation(closed({ value: {} })), "In context=('properties', 'value'), schema must have a 'type' key.");
  t.is(strictSchemaViolation(closed({ list: { type: 'array' } })), "In context=('properties', 'list'), array schema missing items.");
  t.is(
    strictSchemaViolation(closed({ map: { type: 'object', additionalProperties: false } })),
    "In context=('properties', 'map'), object schema missing properties.",
  );
  t.is(strictSchemaViolation(closed({ it: { "it's": 1 } })), "In context=('properties', 'it'), schema must have a 'type' key.");
  t.is(strictSchemaViolation(closed({ "it's": {} })), `In context=('properties', "it's"), schema must have a 'type' key.`);
});

test('nesting: five levels below the root are taken, six are refused', (t) => {
  t.is(STRICT_SCHEMA_LIMITS.nesting, 5);
  t.is(strictSchemaViolation(nested(5)), undefined);
  t.is(strictSchemaViolation(nested(6)), '6 levels of nesting exceeds limit of 5.');
});

test('properties: a hundred in all are taken, a hundred and one refused, definitions included', (t) => {
  t.is(strictSchemaViolation(wide(100)), undefined);
  t.is(strictSchemaViolation(wide(101)), '101 parameters exceeds limit of 100.');
  t.is(strictSchemaViolation({ ...wide(99), $defs: { extra: wide(2) } }), '101 parameters exceeds limit of 100.');
});

test('enum values: five hundred in all are taken, five hundred and one refused', (t) => {
  const values = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `v${from + i}`);
  t.is(
    strictSchemaViolation(closed({ a: { type: 'string', enum: values(200) }, b: { type: 'string', enum: values(300, 200) } })),
    undefined,
  );
  t.is(
    strictSchemaViolation(closed({ a: { type: 'string', enum: values(200) }, b: { type: 'string', enum: values(301, 200) } })),
    "Expected at most 500 enum values in total within a single schema when using structured outputs, but received 501. Consider reducing the number of enums, or opt out of structured outputs by setting 'strict: false'.",
  );
});

test('a large enum: more than 250 values may total 7,500 characters, not one more', (t) => {
  const large = (last: number) => [...Array.from({ length: 250 }, (_, i) => `${i}`.padStart(29, 'x')), 'y'.repeat(last)];
  t.is(strictSchemaViolation(closed({ a: { type: 'string', enum: large(250) } })), undefined);
  t.is(
    strictSchemaViolation(closed({ a: { type: 'string', enum: large(251) } })),
    "Expected at most 7500 total characters across enum values when there are more than 250 enum values, but received 7501. Consider reducing the number of enums, or opt out of structured outputs by setting 'strict: false'.",
  );
  // 250 values are not a large enum, however long
  t.is(
    strictSchemaViolation(closed({ a: { type: 'string', enum: Array.from({ length: 250 }, (_, i) => `${i}`.padStart(40, 'x')) } })),
    undefined,
  );
});

test('all names and values: 15,000 characters are taken, 15,001 refused', (t) => {
  // "a" (1) + "d" (1) + 99 values of 150 + const of 147 + one value of `last`
  const schema = (last: number) => ({
    ...closed({ a: { type: 'string', enum: [...Array.from({ length: 99 }, (_, i) => `${i}`.padStart(150, 'x')), 'z'.repeat(last)] } }),
    $defs: { d: { type: 'string', const: 'c'.repeat(147) } },
  });
  t.is(strictSchemaViolation(schema(1)), undefined);
  t.regex(strictSchemaViolation(schema(2)) ?? '', /^Expected at most 15000 total characters .* but received 15001\./);
});

test('a hostile schema of twenty thousand required properties is counted, not squared', (t) => {
  t.is(strictSchemaViolation(wide(20_000)), '20000 parameters exceeds limit of 100.');
  const names = Object.keys((wide(20_000).properties ?? {}) as object);
  const refused = { ...wide(20_000), required: [...names.slice(1), 'ghost'] };
  t.regex(strictSchemaViolation(refused) ?? '', /Missing 'p0'\.$/);
});
