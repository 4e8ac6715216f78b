import test from 'ava';
import { walkSchema, type SchemaNode } from '../test-support/schema-walk.ts';
import { scenariosSchema } from '../config/schema-validator.ts';
import { cassetteProblems, cassetteSchema } from './cassette-validator.ts';
import { cassette, chatInteraction, chatRequest } from './fixtures.ts';
import type { Cassette } from './cassette-types.ts';

test('the cassette schema is 2020-12 with an $id, every property described, every object closed', (t) => {
  const schema = cassetteSchema();
  t.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  t.regex(String(schema.$id), /^https:\/\/.+cassette\.schema\.json$/);
  const undescribed: string[] = [];
  const open: string[] = [];
  for (const [path, node] of walkSchema(schema, '#')) {
    if (path.endsWith('/properties')) {
      for (const [name, property] of Object.entries(node))
        if ((property as SchemaNode).description === undefined) undescribed.push(`${path}/${name}`);
    } else if (node.properties !== undefined && node.additionalProperties !== false && !path.endsWith('/then')) {
      // (a `then` adds rules to an object already closed where it is declared)
      open.push(path);
    }
  }
  t.deepEqual(undescribed, []);
  t.deepEqual(open, []);
  for (const [name, def] of Object.entries(schema.$defs as Record<string, SchemaNode>)) t.is(typeof def.description, 'string', name);
});

test('the operations are those of the scenarios schema', (t) => {
  const scenarios = scenariosSchema() as { $defs: { Operation: { enum: string[] } } };
  const cassettes = cassetteSchema() as { $defs: { Operation: { enum: string[] } } };
  t.deepEqual(cassettes.$defs.Operation.enum, scenarios.$defs.Operation.enum);
});

test('what the builders and the recorder produce is valid: JSON, text, binary and streamed answers, multipart requests', (t) => {
  const transcription = {
    ...chatInteraction(chatRequest('x'), 'y'),
    request: {
      method: 'POST',
      operation: 'transcriptions' as const,
      deployment: 'whisper',
      apiVersion: null,
      body: { file: { filename: 'a.wav', sha256: 'f'.repeat(64), size: 3, contentType: 'audio/wav' }, response_format: 'text' },
    },
    response: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Hello.\n' },
  };
  const speech = { ...transcription, response: { status: 200, headers: {}, body: { base64: 'SUQzBA==', contentType: 'audio/mpeg' } } };
  const valid: Cassette = {
    $schema: '../schema/cassette.schema.json',
    description: 'all kinds of answers',
    ...cassette([chatInteraction(chatRequest('Hi'), 'Hello'), chatInteraction(chatRequest('Hi'), 'Hello', true), transcription, speech]),
  };
  t.deepEqual(cassetteProblems(valid), []);
  t.deepEqual(cassetteProblems({ ...valid, interactions: [{ ...speech, response: { status: 200, headers: {} } }] }), [
    { path: ['interactions', '0', 'response'], message: 'must have "body" or "chunks"' },
  ]);
  const badFile = {
    ...transcription,
    request: { ...transcription.request, body: { file: { filename: 'a.wav', sha256: 'nope', size: 3 } } },
  };
  t.deepEqual(cassetteProblems({ ...valid, interactions: [badFile] }), [
    { path: ['interactions', '0', 'request', 'body', 'file', 'sha256'], message: 'must match ^[0-9a-f]{64}$' },
    {
      path: ['interactions', '0', 'request', 'body', 'file'],
      message: 'must be a form field or an uploaded file { filename, sha256, size }',
    },
  ]);
});
