import test from 'ava';
import { scenariosSchema } from './schema-validator.ts';

type Node = Record<string, unknown>;

/** Every subschema with its path, so the checks below can name the offender. */
function* walk(node: unknown, path: string): Generator<[string, Node]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walk(item, `${path}/${i}`);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  yield [path, node as Node];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'examples' || key === 'default' || key === 'enum') continue;
    yield* walk(value, `${path}/${key}`);
  }
}

test('the schema is 2020-12 with an $id', (t) => {
  const schema = scenariosSchema();
  t.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  t.regex(String(schema.$id), /^https:\/\//);
});

test('every property has a description, for completion and hover help in editors', (t) => {
  const undescribed: string[] = [];
  for (const [path, node] of walk(scenariosSchema(), '#')) {
    if (!path.endsWith('/properties')) continue;
    for (const [name, property] of Object.entries(node)) {
      const described = (property as Node).description !== undefined || (property as Node).$ref !== undefined;
      if (!described) undescribed.push(`${path}/${name}`);
    }
  }
  t.deepEqual(undescribed, []);
});

test('every object with named properties refuses unknown ones, so a typo cannot pass silently', (t) => {
  const open: string[] = [];
  for (const [path, node] of walk(scenariosSchema(), '#')) {
    if (path.endsWith('/properties')) continue;
    if (node.properties !== undefined && node.additionalProperties !== false) open.push(path);
  }
  t.deepEqual(open, []);
});

test('every referenced definition is described', (t) => {
  const defs = scenariosSchema().$defs as Record<string, Node>;
  const undescribed = Object.entries(defs)
    .filter(([, def]) => typeof def.description !== 'string')
    .map(([name]) => name);
  t.deepEqual(undescribed, []);
});
