import test from 'ava';
import { compiledSchema } from './schema-validator.ts';
import { compilePattern } from './strings.ts';

test('compiled schemas are kept, but callers’ huge schemas cannot fill memory: the least recently used go', (t) => {
  const schema = (n: number) => ({ type: 'object', description: `${n}`.padEnd(1024 * 1024, '.'), properties: { a: { type: 'string' } } });
  const first = compiledSchema(schema(0));
  t.is(compiledSchema(schema(0)), first, 'a schema seen again is not compiled again');
  // each takes about 5 MB (its 1 MB of JSON and what ajv makes of it): 8 of them would pass the 16 MiB bound
  for (let n = 1; n < 8; n++) compiledSchema(schema(n));
  t.not(compiledSchema(schema(0)), first, 'the first was forgotten and compiled afresh');
});

test('parsed patterns are kept, but long patterns cannot fill memory: the least recently used go', (t) => {
  const first = compilePattern('^[a-z]+$');
  t.is(compilePattern('^[a-z]+$'), first, 'a pattern seen again is not parsed again');
  // each counts about 64 bytes per character: 200 of 2,000 characters pass the 4 MiB bound
  for (let n = 0; n < 200; n++) compilePattern(`^${n}-${'[a-z]'.repeat(400)}$`);
  t.not(compilePattern('^[a-z]+$'), first, 'the first was forgotten and parsed afresh');
});
