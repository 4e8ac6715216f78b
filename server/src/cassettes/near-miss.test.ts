import test from 'ava';
import { CassetteIndex } from './cassette-index.ts';
import { cassette, chatInteraction, chatRequest } from './fixtures.ts';
import { diffJson, formatDiff } from './json-diff.ts';
import { formatNearMisses, nearMisses } from './near-miss.ts';
import type { Interaction } from './cassette-types.ts';

test('a diff names each differing field by pointer, recorded as -, requested as +', (t) => {
  const recorded = { messages: [{ role: 'user', content: 'Hello' }], temperature: 0.2 };
  const requested = { messages: [{ role: 'user', content: 'Hi' }], top_p: 1 };
  t.deepEqual(formatDiff(diffJson(recorded, requested)), [
    '- /messages/0/content: "Hello"',
    '+ /messages/0/content: "Hi"',
    '- /temperature: 0.2',
    '+ /top_p: 1',
  ]);
});

test('a message added to a conversation is one difference, not one per message after it', (t) => {
  const turn = (content: string) => ({ role: 'user', content });
  const diff = diffJson({ messages: [turn('a'), turn('b'), turn('c')] }, { messages: [turn('a'), turn('new'), turn('b'), turn('c')] });
  t.is(diff.count, 1);
  t.deepEqual(formatDiff(diff), ['+ /messages/1: {"role":"user","content":"new"}']);
});

test('diffs stay short: long values are cut and extra differences counted', (t) => {
  const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, i]));
  const lines = formatDiff(diffJson({}, { ...many, long: 'x'.repeat(500) }, 3), 40);
  t.deepEqual(lines, ['+ /f0: 0', '+ /f1: 1', '+ /f2: 2', '… 28 more differences']);
  t.is(formatDiff(diffJson({ s: 'y'.repeat(100) }, {}), 20)[0], `- /s: "${'y'.repeat(18)}…`);
});

test('the nearest recordings come first, those of the same deployment before others', (t) => {
  const index = new CassetteIndex();
  index.addCassette(
    cassette([
      chatInteraction(chatRequest('What is the weather in Paris today?', { temperature: 0 }), 'Sunny'),
      chatInteraction(chatRequest('Tell me a joke', { temperature: 1 }), 'No'),
      chatInteraction(chatRequest('What is the weather in Paris?', { temperature: 0 }, 'gpt-4o-mini'), 'Rain'),
    ]),
    'weather.yaml',
  );
  const misses = nearMisses(index, chatRequest('What is the weather in Paris?', { temperature: 0 }));
  t.deepEqual(
    misses.map((miss) => [miss.entry.source.index, miss.sameTarget, miss.differences]),
    [
      [0, true, 1],
      [1, true, 2],
      [2, false, 1],
    ],
  );
  t.is(
    formatNearMisses(misses.slice(0, 1)),
    [
      '  weather.yaml interactions[0]:',
      '    - /messages/0/content: "What is the weather in Paris today?"',
      '    + /messages/0/content: "What is the weather in Paris?"',
    ].join('\n'),
  );
  t.deepEqual(misses[2]!.diff, ['- deployment: "gpt-4o-mini"', '+ deployment: "gpt-4o"']);
});

test('with nothing recorded at all the report says so', (t) => {
  t.is(formatNearMisses(nearMisses(new CassetteIndex(), chatRequest('Hi'))), 'no recordings at all');
});

test('among 100,000 recordings the one a word away is found', (t) => {
  const index = new CassetteIndex();
  const template = chatInteraction(chatRequest('x'), 'y');
  const interactions: Interaction[] = Array.from({ length: 100_000 }, (_, i) => ({
    ...template,
    request: chatRequest(`Question number ${i} about the order`, { temperature: i % 3 }, ['gpt-4o', 'gpt-4o-mini'][i % 2]),
  }));
  index.addCassette(cassette(interactions), 'big.json');
  const [nearest] = nearMisses(index, chatRequest('Question number 77777 about the orders', { temperature: 77777 % 3 }, 'gpt-4o-mini'));
  t.is(nearest?.entry.source.index, 77777);
  t.is(nearest?.differences, 1);
});
