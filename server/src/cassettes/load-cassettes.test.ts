import test from 'ava';
import { join } from 'node:path';
import { formatIssue } from '../config/config-error.ts';
import { tempTree } from '../test-support/temp-tree.ts';
import { CassetteError } from './cassette-error.ts';
import { serializeCassette } from './cassette-file.ts';
import { cassette, chatInteraction, chatRequest } from './fixtures.ts';
import { loadCassettes } from './load-cassettes.ts';

const one = (question: string, format: 'yaml' | 'json') =>
  serializeCassette(cassette([chatInteraction(chatRequest(question), 'ok')], question), format);

test('directories are searched recursively for YAML and JSON cassettes, in path order', async (t) => {
  const dir = await tempTree(t, {
    'cassettes/b.yaml': one('b', 'yaml'),
    'cassettes/a.json': one('a', 'json'),
    'cassettes/nested/c.yml': one('c', 'yaml'),
    'cassettes/notes.txt': 'not a cassette',
    'cassettes/.b.yaml.123.ab.tmp': 'left by a killed recorder',
  });
  const { index, files } = await loadCassettes(['cassettes/'], { cwd: dir });
  t.deepEqual(
    files.map((file) => file.slice(dir.length + 1)),
    ['cassettes/a.json', 'cassettes/b.yaml', 'cassettes/nested/c.yml'],
  );
  t.is(index.size, 3);
  t.deepEqual(index.match(chatRequest('c')).hit?.source, { file: join('cassettes', 'nested', 'c.yml'), index: 0 });
});

test('files and globs may be named too, and an index can be added to', async (t) => {
  const dir = await tempTree(t, {
    'one.yaml': one('one', 'yaml'),
    'suite/two.json': one('two', 'json'),
    'suite/three.json': one('three', 'json'),
  });
  const { index } = await loadCassettes(['one.yaml'], { cwd: dir });
  await loadCassettes(['suite/t*.json'], { cwd: dir, index });
  t.is(index.size, 3);
});

test('every problem in every file is reported at once, with file:line:col', async (t) => {
  const dir = await tempTree(t, {
    'good.yaml': one('good', 'yaml'),
    'bad.yaml': 'version: 1\nname: bad\ninteractions: nope\n',
    'worse.json': '{"version": 1,',
    'notes.md': '# not a cassette',
  });
  const error = await t.throwsAsync(loadCassettes(['.', 'missing.yaml', 'nothing/*.json', 'notes.md'], { cwd: dir }), {
    instanceOf: CassetteError,
  });
  t.deepEqual(error?.issues.map(formatIssue), [
    'missing.yaml: no such file or directory',
    `"nothing/*.json" matches no cassette file (relative to ${dir})`,
    'notes.md: is not a cassette: the name must end in .yaml, .yml or .json',
    'bad.yaml:3:15: /interactions must be array',
    'worse.json:1:15: JSON: Expected double-quoted property name in JSON',
  ]);
});

test('an empty or new cassette directory loads as an empty index', async (t) => {
  const dir = await tempTree(t, { 'cassettes/.keep': '' });
  t.is((await loadCassettes(['cassettes'], { cwd: dir })).index.size, 0);
});
