import test from 'ava';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { anyJsonObject, isSupportedSchema, structuredOutput, StructuredOutputError } from './index.ts';
import * as schemas from './test-schemas.ts';

// An independent validator (not the module's own cache), formats left to the dedicated checks below.
function validatorFor(schema: object): (value: unknown) => boolean {
  const modern = JSON.stringify(schema).includes('2020-12');
  const ajv = modern ? new Ajv2020({ strict: false, validateFormats: false }) : new Ajv({ strict: false, validateFormats: false });
  const validate = ajv.compile(schema);
  return (value) => validate(value) as boolean;
}

const SEEDS = Array.from({ length: 40 }, (_, i) => i);

for (const [name, schema] of Object.entries(schemas)) {
  test(`${name}: every seed gives a value valid against the schema`, (t) => {
    const valid = validatorFor(schema);
    for (const seed of SEEDS) {
      const { value, json } = structuredOutput(schema, seed);
      t.true(valid(value), `seed ${seed}: ${json}`);
      t.deepEqual(JSON.parse(json), value);
    }
  });

  test(`${name}: the same seed gives the same JSON, different seeds usually differ`, (t) => {
    t.is(structuredOutput(schema, 'seed-a').json, structuredOutput(schema, 'seed-a').json);
    t.is(structuredOutput(schema, 7).json, structuredOutput(schema, '7').json);
    const distinct = new Set(SEEDS.map((seed) => structuredOutput(schema, seed).json));
    t.true(distinct.size > SEEDS.length / 2, `${distinct.size} distinct values`);
  });
}

test('property names shape the values: people, cities, emails, dates', (t) => {
  for (const seed of SEEDS) {
    const event = structuredOutput(schemas.calendarEvent, seed).value as { date: string; participants: string[] };
    t.regex(event.date, /^\d{4}-\d{2}-\d{2}$/);
    for (const participant of event.participants) t.regex(participant, /^[A-Z][a-z]+ [A-Z][a-z]+$/);

    const person = structuredOutput(schemas.contact, seed).value as Record<string, string>;
    t.true(person.email?.includes('@'));
    t.regex(person.first_name ?? '', /^[A-Z][a-z]+$/);
    t.regex(person.lastName ?? '', /^[A-Z][a-z]+$/);
    t.regex(person.flight ?? '', /^[A-Z]{3}-\d{4}$/);

    const weather = structuredOutput(schemas.getWeather, seed, { name: 'get_weather' }).value as { location: string; unit: string };
    t.regex(weather.location, /^[A-Z][A-Za-z ]+$/);
    t.true(['celsius', 'fahrenheit'].includes(weather.unit));
  }
});

test('a named response format names its root: an event is titled, not a person', (t) => {
  const event = structuredOutput(schemas.calendarEvent, 3, { name: 'calendar_event' }).value as { name: string };
  t.regex(event.name, /^[A-Z][a-z]+ [A-Z][a-z]+$/);
  t.notRegex(event.name, /^(Alice|Bob|Carol|David|Emma) /);
});

test('formats are well-formed', (t) => {
  for (const seed of SEEDS) {
    const value = structuredOutput(schemas.contact, seed).value as Record<string, string | null>;
    t.regex(value.id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    t.regex(value.email ?? '', /^[a-z]+\.[a-z]+@example\.(com|org|net)$/);
    t.false(Number.isNaN(Date.parse(value.created_at ?? '')));
    t.regex(value.created_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    t.regex(value.reminder ?? '', /^\d\d:\d\d:\d\d$/);
    t.regex(value.ip ?? '', /^\d+\.\d+\.\d+\.\d+$/);
    if (value.website !== null) t.notThrows(() => new URL(value.website ?? ''));
  }
});

test('recursive $refs close: the UI tree and the linked list end within a few levels', (t) => {
  const depth = (node: { children: unknown[] }): number =>
    1 + Math.max(0, ...node.children.map((child) => depth(child as { children: unknown[] })));
  for (const seed of SEEDS) {
    const tree = structuredOutput(schemas.uiComponent, seed).value as { children: unknown[] };
    t.true(depth(tree) <= 3);
    let node = (structuredOutput(schemas.linkedList, seed).value as { linked_list: { next: unknown } }).linked_list;
    let length = 1;
    while (node.next !== null && length < 100) {
      node = node.next as { next: unknown };
      length++;
    }
    t.true(length <= 3);
  }
});

test('strict-mode optional fields (anyOf with null) are sometimes null, mostly filled', (t) => {
  const nicknames = SEEDS.map((seed) => (structuredOutput(schemas.contact, seed).value as { nickname: string | null }).nickname);
  const nulls = nicknames.filter((nickname) => nickname === null).length;
  t.true(nulls > 0 && nulls < SEEDS.length / 2, `${nulls} nulls`);
});

test('output a zod schema accepts: zod 4 JSON Schema in, zod parse of the result passes', (t) => {
  const Category: z.ZodType<{ name: string; subcategories: unknown[] }> = z.lazy(() =>
    z.object({ name: z.string(), subcategories: z.array(Category) }),
  );
  const Order = z.object({
    id: z.uuid(),
    email: z.email(),
    placed: z.iso.datetime(),
    delivery: z.iso.date(),
    slot: z.iso.time(),
    site: z.url(),
    note: z.string().nullable(),
    status: z.enum(['open', 'closed']),
    quantity: z.number().int().min(1).max(5),
    discount: z.number().gt(0).lt(1),
    shape: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('circle'), radius: z.number().positive() }),
      z.object({ kind: z.literal('square'), side: z.number() }),
    ]),
    either: z.union([z.string().min(3), z.number()]),
    scores: z.record(z.string(), z.number()),
    pair: z.tuple([z.string(), z.number()]),
    tags: z
      .array(z.string().regex(/^[a-z]+$/))
      .min(1)
      .max(4),
    category: Category,
    code: z.string().length(6),
    ipv4: z.ipv4(),
  });
  const schema = z.toJSONSchema(Order);
  for (const seed of SEEDS) {
    const { json } = structuredOutput(schema, seed);
    const parsed = Order.safeParse(JSON.parse(json));
    t.true(parsed.success, `seed ${seed}: ${json} ${parsed.error?.message ?? ''}`);
  }
});

test('an impossible schema throws StructuredOutputError naming the schema path, never invalid JSON', (t) => {
  const cases: Array<[object, RegExp]> = [
    [
      { type: 'object', properties: { list: { type: 'array', minItems: 3, maxItems: 1 } }, required: ['list'] },
      /\/properties\/list\/(minItems|maxItems)/,
    ],
    [
      { type: 'object', properties: { code: { type: 'string', minLength: 5, maxLength: 2 } }, required: ['code'] },
      /\/properties\/code\/(minLength|maxLength)/,
    ],
    [{ type: 'object', properties: { n: { type: 'integer', minimum: 1.2, maximum: 1.8 } }, required: ['n'] }, /\/properties\/n\//],
    [{ type: 'object', properties: { never: false }, required: ['never'] }, /never|false/],
  ];
  for (const [schema, where] of cases) {
    const error = t.throws(() => structuredOutput(schema, 1), { instanceOf: StructuredOutputError });
    t.regex(error?.message ?? '', where);
  }
});

test('a required self-reference never closes and is reported, not looped on', (t) => {
  const schema = {
    $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } }, required: ['child'] } },
    $ref: '#/$defs/node',
  };
  const error = t.throws(() => structuredOutput(schema, 1), { instanceOf: StructuredOutputError });
  t.regex(error?.message ?? '', /recursive|deeper/);
});

test('isSupportedSchema explains unusable schemas and accepts good ones', (t) => {
  t.is(isSupportedSchema(schemas.calendarEvent), undefined);
  t.is(isSupportedSchema(schemas.uiComponent), undefined);
  t.regex(isSupportedSchema('not a schema') ?? '', /JSON object/);
  t.regex(isSupportedSchema([]) ?? '', /JSON object/);
  t.regex(isSupportedSchema({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } }) ?? '', /\$ref.*#\/\$defs\/missing/);
  t.regex(isSupportedSchema({ $ref: 'https://example.com/other.json' }) ?? '', /does not resolve/);
  t.regex(isSupportedSchema({ type: 'strnig' }) ?? '', /invalid at \/type/);
  t.regex(isSupportedSchema({ type: 'string', minLength: 'five' }) ?? '', /invalid at \/minLength/);
});

test('anyJsonObject gives small, varied, deterministic objects', (t) => {
  const jsons = SEEDS.map((seed) => anyJsonObject(seed).json);
  t.is(anyJsonObject(5).json, jsons[5] ?? '');
  for (const json of jsons) {
    const value: unknown = JSON.parse(json);
    t.true(typeof value === 'object' && value !== null && !Array.isArray(value));
    t.true(Object.keys(value as object).length >= 2);
  }
  t.true(new Set(jsons).size > SEEDS.length / 2);
});

test('speed: sampling and validating the calendar schema', (t) => {
  structuredOutput(schemas.calendarEvent, 'warm-up');
  const calls = 10_000;
  const started = performance.now();
  for (let i = 0; i < calls; i++) structuredOutput(schemas.calendarEvent, i);
  const micros = ((performance.now() - started) * 1000) / calls;
  t.log(`${micros.toFixed(1)} µs per structuredOutput call`);
  t.pass();
});
