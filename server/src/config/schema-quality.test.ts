import test from 'ava';
import { walkSchema, type SchemaNode } from '../test-support/schema-walk.ts';
import { scenariosSchema } from './schema-validator.ts';

test('the schema is 2020-12 with an $id', (t) => {
  const schema = scenariosSchema();
  t.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  t.regex(String(schema.$id), /^https:\/\//);
});

test('every property has a description, for completion and hover help in editors', (t) => {
  const undescribed: string[] = [];
  for (const [path, node] of walkSchema(scenariosSchema(), '#')) {
    if (!path.endsWith('/properties')) continue;
    for (const [name, property] of Object.entries(node)) {
      const described = (property as SchemaNode).description !== undefined || (property as SchemaNode).$ref !== undefined;
      if (!described) undescribed.push(`${path}/${name}`);
    }
  }
  t.deepEqual(undescribed, []);
});

test('every object with named properties refuses unknown ones, so a typo cannot pass silently', (t) => {
  const open: string[] = [];
  for (const [path, node] of walkSchema(scenariosSchema(), '#')) {
    if (path.endsWith('/properties')) continue;
    if (node.properties !== undefined && node.additionalProperties !== false) open.push(path);
  }
  t.deepEqual(open, []);
});

test('every referenced definition is described', (t) => {
  const defs = scenariosSchema().$defs as Record<string, SchemaNode>;
  const undescribed = Object.entries(defs)
    .filter(([, def]) => typeof def.description !== 'string')
    .map(([name]) => name);
  t.deepEqual(undescribed, []);
});
