import test from 'ava';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssue } from '../config/config-error.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';
import { CassetteError } from './cassette-error.ts';
import { addInteractions, parseCassette, readCassette, serializeCassette, writeCassette } from './cassette-file.ts';
import { cassette, chatInteraction, chatRequest } from './fixtures.ts';

function problems(text: string, file: string): string[] {
  try {
    parseCassette(text, file);
  } catch (error) {
    if (error instanceof CassetteError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}

test('a cassette round-trips through YAML and JSON unchanged', (t) => {
  const recorded = cassette([chatInteraction(chatRequest('Hi'), 'Hello!'), chatInteraction(chatRequest('Bye'), 'Goodbye!', true)]);
  for (const format of ['yaml', 'json'] as const) {
    t.deepEqual(parseCassette(serializeCassette(recorded, format), `c.${format}`), recorded, format);
  }
});

test('a hand-written YAML cassette reads as the recorder would have written it', (t) => {
  const text = yaml`
    version: 1
    name: greeting
    interactions:
      - recordedAt: 2025-09-17T14:32:53Z
        request:
          method: POST
          operation: chat
          deployment: gpt-4o
          apiVersion: 2024-10-21
          body:
            messages: [{ role: user, content: Hi }]
        response:
          status: 200
          headers: { content-type: application/json }
          body: { choices: [{ index: 0, message: { role: assistant, content: Hello }, finish_reason: stop }] }
  `;
  const read = parseCassette(text, 'greeting.yaml');
  t.is(read.interactions[0]!.request.apiVersion, '2024-10-21');
  t.is(read.interactions[0]!.recordedAt, '2025-09-17T14:32:53Z');
});

test('every schema problem is reported with file:line:col and pointer, in YAML and in JSON', (t) => {
  const text = yaml`
    version: 2
    name: broken
    interactions:
      - recordedAt: yesterday
        request:
          method: POST
          operation: chatt
          deployment: gpt-4o
          apiVersion: null
          body: {}
        response:
          status: 200
          headers: { Content-Type: application/json }
          body: {}
          chunks: []
  `;
  t.deepEqual(problems(text, 'broken.yaml'), [
    'broken.yaml:1:10: /version must be 1',
    'broken.yaml:4:17: /interactions/0/recordedAt must look like "2025-09-17T14:32:53.120Z"',
    'broken.yaml:7:18: /interactions/0/request/operation must be one of "chat", "completions", "embeddings", "images", "imageEdits", "transcriptions", "translations", "speech", "responses", "videos", "realtime"',
    'broken.yaml:12:7: /interactions/0/response must have either "body" or "chunks", not both',
    'broken.yaml:13:18: /interactions/0/response/headers/Content-Type must be lower-case',
  ]);
  const json = JSON.stringify(
    { version: 1, name: 'x', interactions: [{ recordedAt: '2025-01-01T00:00:00Z', request: {}, response: { status: 200, headers: {} } }] },
    null,
    2,
  );
  t.deepEqual(problems(json, 'x.json').slice(0, 2), [
    'x.json:7:7: /interactions/0/request must have property "method"',
    'x.json:7:7: /interactions/0/request must have property "operation"',
  ]);
  t.true(problems(json, 'x.json').includes('x.json:8:19: /interactions/0/response must have "body" or "chunks"'));
});

test('syntax errors point at the line and column', (t) => {
  t.deepEqual(problems('{\n  "version": 1,\n}', 'bad.json'), ['bad.json:3:1: JSON: Expected double-quoted property name in JSON']);
  t.regex(problems('version: 1\nname: [unclosed\n', 'bad.yaml')[0]!, /^bad\.yaml:\d+:\d+: YAML: /);
});

test('stream offsets may not go back in time', (t) => {
  const interaction = chatInteraction(chatRequest('Hi'), 'Hello there', true);
  interaction.response.chunks![2]!.offsetMs = 0;
  t.deepEqual(problems(serializeCassette(cassette([interaction]), 'json'), 's.json'), [
    's.json:28:25: /interactions/0/response/chunks/2/offsetMs is 0, earlier than the event before it (133)',
  ]);
});

test('writeCassette replaces the file atomically and leaves no temporary file behind', async (t) => {
  const dir = await tempTree(t, { 'c.yaml': 'old' });
  await writeCassette(join(dir, 'c.yaml'), cassette([chatInteraction(chatRequest('Hi'), 'Hello')]));
  t.deepEqual(await readdir(dir), ['c.yaml']);
  t.is((await readCassette(join(dir, 'c.yaml'))).interactions.length, 1);
});

test('adding to a hand-edited YAML cassette keeps its comments and layout', async (t) => {
  const first = serializeCassette(cassette([chatInteraction(chatRequest('Hi'), 'Hello')]), 'yaml');
  const edited = `# answers edited by hand: keep\n${first.replace('status: 200', 'status: 200 # was 429 when recorded')}`;
  const dir = await tempTree(t, { 'edited.yaml': edited, 'empty.yaml': 'version: 1\nname: empty\ninteractions: []\n' });
  await addInteractions(join(dir, 'edited.yaml'), [chatInteraction(chatRequest('Bye'), 'Goodbye')]);
  const text = await readFile(join(dir, 'edited.yaml'), 'utf8');
  t.true(text.startsWith(edited));
  t.is((await readCassette(join(dir, 'edited.yaml'))).interactions.length, 2);
  await addInteractions(join(dir, 'empty.yaml'), [chatInteraction(chatRequest('Hi'), 'Hello')]);
  const empty = await readFile(join(dir, 'empty.yaml'), 'utf8');
  t.regex(empty, /^interactions:\n {2}- recordedAt: /m);
  t.deepEqual(parseCassette(empty, 'empty.yaml').interactions, [chatInteraction(chatRequest('Hi'), 'Hello')]);
});
