import test from 'ava';
import { CassetteIndex } from './cassette-index.ts';
import { cassette, chatInteraction, chatRequest } from './fixtures.ts';
import type { IndexedInteraction } from './cassette-index.ts';

const answer = (entry: IndexedInteraction | undefined): string | undefined =>
  (entry?.interaction.response.body as { choices: { message: { content: string } }[] } | undefined)?.choices[0]?.message.content;

function indexOf(...answers: [question: string, answer: string][]): CassetteIndex {
  const index = new CassetteIndex();
  index.addCassette(cassette(answers.map(([question, text]) => chatInteraction(chatRequest(question), text))), 'c.yaml');
  return index;
}

test('the same request recorded several times is answered in order, then the last repeats', (t) => {
  const index = indexOf(['Roll a die', '4'], ['Other', 'x'], ['Roll a die', '2'], ['Roll a die', '6']);
  const key = index.keyOf(chatRequest('Roll a die'));
  t.deepEqual(
    [1, 2, 3, 4, 5].map(() => answer(index.lookup(key))),
    ['4', '2', '6', '6', '6'],
  );
  t.is(index.lookup(index.keyOf(chatRequest('Unrecorded'))), undefined);
});

test('each scope (test id) has its own place in each sequence; reset starts again', (t) => {
  const index = indexOf(['Roll', '1'], ['Roll', '2']);
  const key = index.keyOf(chatRequest('Roll'));
  t.is(answer(index.lookup(key, { scope: 'test-a' })), '1');
  t.is(answer(index.lookup(key, { scope: 'test-b' })), '1');
  t.is(answer(index.lookup(key, { scope: 'test-a' })), '2');
  index.reset('test-a');
  t.is(answer(index.lookup(key, { scope: 'test-a' })), '1');
  t.is(answer(index.lookup(key, { scope: 'test-b' })), '2');
  index.reset();
  t.is(answer(index.lookup(key, { scope: 'test-b' })), '1');
});

test('the scopes kept are bounded by bytes too: long test ids make room by forgetting the least recently used', (t) => {
  const index = new CassetteIndex({ scopes: { maxEntries: 1000, maxBytes: 7000 } });
  index.addCassette(cassette([chatInteraction(chatRequest('Roll'), '1'), chatInteraction(chatRequest('Roll'), '2')]), 'c.yaml');
  const key = index.keyOf(chatRequest('Roll'));
  const scope = (n: number) => `${n}`.padEnd(3000, '-');
  for (const n of [1, 2]) t.is(answer(index.lookup(key, { scope: scope(n) })), '1');
  t.is(answer(index.lookup(key, { scope: scope(1) })), '2', 'two 3,000-byte test ids fit in 7,000 bytes');
  for (const n of [3, 4]) t.is(answer(index.lookup(key, { scope: scope(n) })), '1');
  t.is(answer(index.lookup(key, { scope: scope(1) })), '1', 'a third and a fourth make room: the first was forgotten and starts again');
});

test('match keys a request once and finds the recording whatever its key order or stream flag', (t) => {
  const index = indexOf(['Hi', 'Hello']);
  const request = { ...chatRequest('Hi'), stream: true, body: { stream: true, messages: [{ content: 'Hi', role: 'user' }] } };
  const { key, hit } = index.match(request);
  t.is(key, index.keyOf(chatRequest('Hi')));
  t.deepEqual(hit?.source, { file: 'c.yaml', index: 0 });
});

test('a matcher narrows the candidates of a key, and sequences run over the ones it accepts', (t) => {
  const index = new CassetteIndex({ matcher: (request, candidate) => request.apiVersion === candidate.request.apiVersion });
  const at = (apiVersion: string, text: string) => chatInteraction({ ...chatRequest('Hi'), apiVersion }, text);
  index.addCassette(cassette([at('2024-10-21', 'old 1'), at('2025-04-01-preview', 'new'), at('2024-10-21', 'old 2')]), 'c.yaml');
  const old = { ...chatRequest('Hi'), apiVersion: '2024-10-21' };
  t.is(answer(index.match(old).hit), 'old 1');
  t.is(answer(index.match({ ...old, apiVersion: '2025-04-01-preview' }).hit), 'new');
  t.is(answer(index.match(old).hit), 'old 2');
  t.is(answer(index.match(old).hit), 'old 2');
  t.is(index.match({ ...old, apiVersion: '2023-05-15' }).hit, undefined);
});

test('a key function replaces the canonical key', (t) => {
  // match on the last user message only, whatever else the request says
  const lastMessage = (request: { body: Record<string, unknown> }) => JSON.stringify((request.body.messages as unknown[]).at(-1));
  const index = new CassetteIndex({ keyOf: lastMessage });
  index.addCassette(cassette([chatInteraction(chatRequest('Hi', { temperature: 0 }), 'Hello')]), 'c.yaml');
  t.is(answer(index.match(chatRequest('Hi', { temperature: 1 })).hit), 'Hello');
});

test('interactions are grouped by operation and deployment for near-miss search', (t) => {
  const index = new CassetteIndex();
  index.addCassette(
    cassette([chatInteraction(chatRequest('a'), 'x'), chatInteraction(chatRequest('b', {}, 'gpt-4o-mini'), 'y')]),
    'c.yaml',
  );
  t.is(index.size, 2);
  t.is(index.forTarget('chat', 'gpt-4o').length, 1);
  t.is([...index.targets()].length, 2);
});
