// Generates what is derived from the scenarios JSON Schema, the single source of truth:
//   server/src/generated/scenarios.ts   the TypeScript types (json-schema-to-typescript)
//   client/src/generated/scenarios.ts   the same types for the client, which installs without the server
//   server/src/generated/scenarios-validator.js   the schema's validator, precompiled (ajv standalone code)
//   server/src/generated/request-validators.js    the data plane's request checks, precompiled the same way
//   docs/configuration.md               the configuration reference
// and, from the protocol tables the request gates read (server/src/protocol/), docs/conformance.md.
// `node scripts/generate.ts` writes them; `--check` fails when a committed file differs from a fresh run.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { renderConformance } from './conformance-reference.ts';
import { renderReference } from './config-reference.ts';
import { renderRequestValidators, REQUEST_VALIDATORS_TYPES } from './request-validators.ts';
import { renderScenariosValidator, SCENARIOS_VALIDATOR_TYPES } from './scenarios-validator.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA = `${ROOT}schema/scenarios.schema.json`;

const BANNER = `/* eslint-disable */
/**
 * DO NOT EDIT: generated from schema/scenarios.schema.json by \`npm run gen\`.
 * Change the schema, then run \`npm run gen\`; \`npm test\` fails when this file is stale.
 */`;

const ANNOTATIONS = new Set(['description', 'examples', 'default', 'title']);

/**
 * A `$ref` with a sibling description (kept in the schema for editors) would make json-schema-to-typescript
 * declare a copy of the referenced type per use (`Distribution1`, `Distribution2`, ...). For the types only,
 * such siblings are dropped so every use names the one referenced type.
 */
function withBareRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withBareRefs);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  if ('$ref' in node && entries.every(([key]) => key === '$ref' || ANNOTATIONS.has(key))) {
    return { $ref: (node as { $ref: string }).$ref };
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, withBareRefs(value)]));
}

const schema = JSON.parse(await readFile(SCHEMA, 'utf8'));
const types = await compile(withBareRefs(schema) as JSONSchema, 'Scenarios', {
  bannerComment: BANNER,
  cwd: dirname(SCHEMA),
  additionalProperties: false,
  unreachableDefinitions: true,
  style: { singleQuote: true, printWidth: 120 },
});
const outputs: Record<string, string> = {
  'server/src/generated/scenarios.ts': types,
  'client/src/generated/scenarios.ts': types,
  'server/src/generated/scenarios-validator.js': renderScenariosValidator(schema),
  'server/src/generated/scenarios-validator.d.ts': SCENARIOS_VALIDATOR_TYPES,
  'server/src/generated/request-validators.js': await renderRequestValidators(),
  'server/src/generated/request-validators.d.ts': REQUEST_VALIDATORS_TYPES,
  'docs/configuration.md': renderReference(schema),
  'docs/conformance.md': renderConformance(),
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [target, fresh] of Object.entries(outputs)) {
  const path = `${ROOT}${target}`;
  if (check) {
    const committed = await readFile(path, 'utf8').catch(() => '');
    if (committed === fresh) continue;
    stale++;
    console.error(`${target} is out of date with its source: run \`npm run gen\` and commit the result.`);
  } else {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, fresh);
    console.log(`wrote ${target}`);
  }
}
if (check && stale === 0) console.log('generated files are in sync with their sources.');
process.exitCode = stale > 0 ? 1 : 0;
