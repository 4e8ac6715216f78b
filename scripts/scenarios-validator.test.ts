import { readdirSync, readFileSync } from 'node:fs';
import test from 'ava';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import validate from '../server/src/generated/scenarios-validator.js';
import { SCENARIOS_AJV_OPTIONS } from './scenarios-validator.ts';

const schema = JSON.parse(readFileSync(new URL('../schema/scenarios.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const compiled = new Ajv2020(SCENARIOS_AJV_OPTIONS).compile(schema);
const EXAMPLES = new URL('../scenarios/examples/', import.meta.url);

/** What a validator says of a document: whether it passes, and each error without the schema objects it carries. */
function verdict(check: typeof compiled, document: unknown) {
  const valid = check(document);
  return {
    valid,
    errors: (check.errors ?? []).map(({ instancePath, schemaPath, keyword, params, message }) => ({
      instancePath,
      schemaPath,
      keyword,
      params,
      message,
    })),
  };
}

// broken documents reaching the keywords whose standalone code needs ajv's runtime helpers (string length,
// deep equality), unknown properties, wrong types, enums and alternatives
const BROKEN: unknown[] = [
  { deployments: { 'gpt-4o': { model: '', rateLimit: { tpm: 'lots' } } } },
  { deployments: { 'gpt-4o': { model: 'gpt-4o', colour: 'blue' } }, server: { mode: 'replay-ish', port: -1 } },
  { scenarios: [{ match: { deployment: 7 }, respond: { status: 'teapot' } }], version: '' },
  { server: { auth: { apiKeys: ['a', 'a'] } }, deployments: [] },
];

test('the precompiled validator judges every example and broken document as ajv compiling the schema now does', (t) => {
  const examples = readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => parse(readFileSync(new URL(name, EXAMPLES), 'utf8')) as unknown);
  t.true(examples.length > 5);
  for (const document of [...examples, ...BROKEN]) t.deepEqual(verdict(validate, document), verdict(compiled, document));
  t.true(BROKEN.every((document) => !validate(document)));
});
