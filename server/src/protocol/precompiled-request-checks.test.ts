import test from 'ava';
import { Ajv2020 } from 'ajv/dist/2020.js';
import '../app.ts';
import * as precompiled from '../generated/request-validators.js';
import { exportName, REQUEST_AJV_OPTIONS, requestSchemas, requestValidator, requestValidatorCompiles } from './request-validator.ts';

type Check = (body: unknown) => boolean;

/** What a check says of a body: whether it passes, and its errors without the schema objects they carry. */
function verdict(check: Check & { errors?: unknown }, body: unknown) {
  const valid = check(body);
  const errors = ((check.errors as Array<Record<string, unknown>> | null | undefined) ?? []).map(
    ({ instancePath, schemaPath, keyword, params, data }) => ({ instancePath, schemaPath, keyword, params, data }),
  );
  return { valid, errors: valid ? [] : errors };
}

// bodies reaching required fields, unknown fields, wrong types, enums, ranges, patterns and alternatives
const BODIES: unknown[] = [
  {},
  null,
  [],
  'text',
  { unknown_field: 1 },
  { model: 5 },
  { messages: [] },
  { messages: [{ role: 'robot', content: 'hi' }] },
  { messages: [{ role: 'user', content: [{ type: 'text', text: 7 }] }], n: 0 },
  { messages: [{ role: 'user', content: 'hi' }], temperature: 3, max_tokens: -1 },
  { messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'bad name!' } }] },
  { prompt: ['a', 5], best_of: 0 },
  { input: 7, encoding_format: 'hex' },
  { input: ['a', 'b'], dimensions: 0 },
  { prompt: 'a cat', size: '3x3', n: 11 },
  { input: '', voice: 'robot', speed: 9 },
  { input: 'hi', voice: 'alloy' },
  { response_format: 'xml', temperature: '2' },
  { model: 'gpt-4o', input: [{ role: 'user', content: 'hi' }], max_output_tokens: 0 },
  { limit: 'many', order: 'sideways' },
];

test.serial('every request check the server makes is precompiled: none is compiled at run time', (t) => {
  t.true(requestSchemas().size >= 10);
  t.deepEqual(requestValidatorCompiles(), [], 'a check to compile means a schema changed without `npm run gen`');
});

test.serial('the precompiled request checks judge every body as ajv compiling their schemas now does', (t) => {
  const ajv = new Ajv2020(REQUEST_AJV_OPTIONS);
  const module = precompiled as unknown as Record<string, Check>;
  for (const [name, schema] of requestSchemas()) {
    const compiled = ajv.compile(schema);
    const standalone = module[exportName(name)];
    if (!standalone) return t.fail(`${name} is not precompiled`);
    for (const body of BODIES) t.deepEqual(verdict(standalone, body), verdict(compiled, body), `${name}: ${JSON.stringify(body)}`);
  }
});

test.serial('a check whose schema is not the one precompiled is compiled at run time, and judges by its own schema', (t) => {
  const before = requestValidatorCompiles().length;
  const check = requestValidator('test_not_precompiled', { type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 1 } } });
  t.is(requestValidatorCompiles().length, before + 1);
  t.notThrows(() => check({ a: 2 }));
  t.throws(() => check({ a: 0 }), { message: /below minimum value/ });
  t.is(requestValidatorCompiles().length, before, 'compiled by its first body');
  t.throws(() => requestValidator('chat', {}), { message: /two checks are named chat/ });
});
