import test from 'ava';
import { get_encoding } from 'tiktoken';
import { LARGE_TEXT_CHARS, LargeTextCounts, segmentCuts } from './large-texts.ts';
import { tokenizerFor } from './tokenizer.ts';
import { v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { requestPromptTokens } from './request-tokens.ts';

const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;

/** Large texts of the sorts a prompt holds, each well past LARGE_TEXT_CHARS. */
const LARGE: Record<string, string> = {
  'English prose': "The quick brown fox jumps over the lazy dog. It wasn't the dog's fault;  he'd been asleep.\n\n".repeat(2000),
  code: 'export function add(a: number, b: number): number {\n    if (a > b) {\n        return a + b; // sum\n    }\n}\n'.repeat(2000),
  'JSON of tools': JSON.stringify(
    Array.from({ length: 800 }, (_, i) => ({
      type: 'function',
      function: {
        name: `tool_${i}`,
        description: 'The weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    })),
  ),
  'CJK with spaces and emoji': '机器学习是人工智能的一个分支 それは 日本語 👨‍👩‍👧‍👦 한국어 문장도 있습니다. '.repeat(3000),
  'base64, no spaces at all': Buffer.from(Array.from({ length: 150_000 }, (_, i) => (i * 7919) % 251)).toString('base64'),
};

test('segments are cut only where the count cannot change: their counts add up to tiktoken’s for the whole', (t) => {
  for (const [label, text] of Object.entries(LARGE)) {
    t.true(text.length > LARGE_TEXT_CHARS, label);
    const cuts = segmentCuts(text);
    t.true(cuts.length >= 2, label);
    const spaced = label !== 'base64, no spaces at all';
    for (const name of ENCODINGS) {
      const encoding = get_encoding(name);
      let start = 0;
      let sum = 0;
      for (const cut of [...cuts, text.length]) {
        sum += encoding.encode_ordinary(text.slice(start, cut)).length;
        start = cut;
      }
      const whole = encoding.encode_ordinary(text).length;
      // a text without a place to cut exactly is cut anyway: about a token per cut
      if (spaced) t.is(sum, whole, `${label}, ${name}`);
      else t.true(Math.abs(sum - whole) <= cuts.length, `${label}, ${name}: ${sum} against ${whole}`);
      encoding.free();
    }
  }
});

test('a large text is counted a segment per event-loop turn, and its count kept for the synchronous count', async (t) => {
  const text = LARGE['English prose']!;
  let segments = 0;
  const counts = new LargeTextCounts((segment) => (segments++, segment.length));
  // other work waiting for the event loop: it runs whenever counting gives a turn back
  let turns = 0;
  let counting = true;
  const tick = () => {
    turns++;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
  const counted = await counts.countYielding(text);
  counting = false;
  t.is(counted, text.length);
  t.is(segments, segmentCuts(text).length + 1);
  t.true(turns >= segments - 1, `other work ran ${turns} times while ${segments} segments were counted`);
  t.is(counts.known(text), counted);
  t.is(await counts.countYielding(text), counted);
  t.is(segments, segmentCuts(text).length + 1, 'counted once');
});

test('the tokenizer counts a large text the same yielding or not', async (t) => {
  for (const name of ENCODINGS) {
    const tokenizer = tokenizerFor(name);
    const text = `${LARGE.code}${LARGE['English prose']}`;
    const yielding = await tokenizer.countYielding(text);
    const encoding = get_encoding(name);
    t.is(yielding, encoding.encode_ordinary(text).length, name);
    t.is(tokenizer.count(text), yielding, name);
    encoding.free();
  }
});

test('a 3 MB chat request is answered with the prompt tokens counted whole', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: { 'gpt-4.1': { model: 'gpt-4.1-2025-04-14' } } } });
  const tools = Array.from({ length: 120 }, (_, i) => ({
    type: 'function' as const,
    function: {
      name: `tool_${i}`,
      description: `${LARGE['English prose']!.slice(0, 24_000)}`,
      parameters: { type: 'object', properties: {} },
    },
  }));
  const messages = [{ role: 'user' as const, content: LARGE['English prose']! }];
  const answer = await v1Client(sim).chat.completions.create({ model: 'gpt-4.1', messages, tools, max_tokens: 5 });
  t.is(answer.usage?.prompt_tokens, requestPromptTokens('chat', { messages, tools }, tokenizerFor('o200k_base')));
});
