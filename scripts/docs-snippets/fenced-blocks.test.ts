import test from 'ava';
import { fencedBlocks, outputMatches } from './fenced-blocks.ts';

const page = (...lines: string[]) => lines.join('\n');

test('a block carries its language, its code and the markers just above it', (t) => {
  const { blocks, problems } = fencedBlocks(
    'x.md',
    page(
      'Text.',
      '',
      '<!-- file: first.test.ts -->',
      '<!-- not run: the command below runs it -->',
      '```ts',
      "console.log('hi');",
      '```',
      '<!-- starts the simulator -->',
      '```sh',
      'npx aoai-sim',
      '```',
      '````text',
      '```',
      '````',
    ),
  );
  t.deepEqual(problems, []);
  t.is(blocks.length, 3);
  t.like(blocks[0], {
    line: 5,
    kind: 'typescript',
    code: "console.log('hi');\n",
    writeTo: 'first.test.ts',
    notRun: 'the command below runs it',
  });
  t.like(blocks[1], { line: 9, kind: 'shell', startsSimulator: true, exitCode: 0 });
  t.like(blocks[2], { kind: 'text', code: '```\n' });
});

test('a marker the test does not know, a marker without its reason and an indented fence are problems, not guesses', (t) => {
  const { problems } = fencedBlocks(
    'x.md',
    page('<!-- not-run: typo -->', '```sh', 'ls', '```', '<!-- not run -->', '```sh', 'ls', '```', '- a list', '  ```sh', '  ls', '  ```'),
  );
  t.deepEqual(problems, [
    'x.md:1: "not-run: typo" is not a docs-test marker (see scripts/docs-snippets/fenced-blocks.ts)',
    'x.md:5: "not run" needs a reason',
    'x.md:10: an indented fence: start it at the first column so the docs test sees it',
    'x.md:12: an indented fence: start it at the first column so the docs test sees it',
  ]);
});

test('a block in a language the test knows nothing of is "other", and must be marked', (t) => {
  const { blocks } = fencedBlocks('x.md', page('```csharp', 'var x = 1;', '```'));
  t.is(blocks[0]!.kind, 'other');
});

test('an output matches with … for any text, across lines, ignoring carriage returns and trailing space', (t) => {
  t.true(outputMatches('{"id":"…","model":"gpt-4o"}', '{"id":"chatcmpl-1","model":"gpt-4o"}\n'));
  t.true(outputMatches('HTTP/1.1 200 OK\n…\nretry-after: …', 'HTTP/1.1 200 OK\r\nx-a: 1\r\nx-b: 2\r\nretry-after: 10\r\n'));
  t.false(outputMatches('{"model":"gpt-4o"}', '{"model":"gpt-4o-mini"}'));
  t.false(outputMatches('a (b)', 'a b'), 'the rest is literal, regex characters included');
});

test('a marker with a blank line before its fence is a problem, since it would not apply', (t) => {
  const { blocks, problems } = fencedBlocks('x.md', page('<!-- starts the simulator -->', '', '```sh', 'npx aoai-sim', '```'));
  t.false(blocks[0]!.startsSimulator);
  t.deepEqual(problems, ['x.md:1: a blank line between a marker and its fence: the marker would not apply']);
});
