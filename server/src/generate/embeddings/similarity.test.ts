import test from 'ava';
import { embed } from './embed.ts';
import { cosine, optionsFor } from './test-helpers.ts';

const TRIPLES = [
  ['How do I reset my password?', 'password reset instructions', 'The weather in Paris is sunny'],
  ['What is the capital of France?', 'Paris is the capital city of France', 'How to bake chocolate chip cookies'],
  ['best running shoes for marathon training', 'Top marathon running shoes reviewed', 'quarterly earnings report for investors'],
  ['python list comprehension example', 'Examples of list comprehensions in Python', 'symptoms of the common cold'],
  ['cancel my subscription', 'How to cancel a subscription', 'Install the printer driver on Windows'],
  ['refund policy for damaged items', 'Can I get a refund if my item arrived damaged?', 'The history of the Roman Empire'],
] as const;

for (const model of ['text-embedding-3-small', 'text-embedding-3-large']) {
  test(`${model}: a query is clearly closer to a related text than to an unrelated one`, (t) => {
    const options = optionsFor(model);
    for (const [query, related, unrelated] of TRIPLES) {
      const q = embed(query, options);
      const near = cosine(q, embed(related, options));
      const far = cosine(q, embed(unrelated, options));
      t.true(near - far > 0.1, `${query}: related ${near.toFixed(3)}, unrelated ${far.toFixed(3)}`);
    }
  });
}

test('ada-002 scores everything high, as the real one does, but keeps the ordering', (t) => {
  const options = optionsFor('text-embedding-ada-002');
  for (const [query, related, unrelated] of TRIPLES) {
    const q = embed(query, options);
    const near = cosine(q, embed(related, options));
    const far = cosine(q, embed(unrelated, options));
    t.true(far > 0.6 && far < 0.8, `${query}: unrelated ${far.toFixed(3)}`);
    t.true(near - far > 0.05, `${query}: related ${near.toFixed(3)}, unrelated ${far.toFixed(3)}`);
  }
});

test('retrieval picks the right document for each query', (t) => {
  const options = optionsFor('text-embedding-3-small');
  const documents = TRIPLES.map(([, related]) => embed(related, options));
  for (const [index, [query]] of TRIPLES.entries()) {
    const q = embed(query, options);
    const scores = documents.map((document) => cosine(q, document));
    t.is(scores.indexOf(Math.max(...scores)), index, query);
  }
});

test('case and punctuation matter little, though only identical strings get identical vectors', (t) => {
  const options = optionsFor('text-embedding-3-small');
  const similarity = cosine(embed('Hello, World!', options), embed('hello world', options));
  t.true(similarity > 0.97 && similarity < 1 - 1e-6, String(similarity));
});

test('word order matters a little', (t) => {
  const options = optionsFor('text-embedding-3-small');
  const similarity = cosine(embed('the dog bit the man', options), embed('the man bit the dog', options));
  t.true(similarity > 0.85 && similarity < 0.99, String(similarity));
});

test('shared subwords count: inflections are closer than unrelated words', (t) => {
  const options = optionsFor('text-embedding-3-small');
  const reset = embed('reset', options);
  t.true(cosine(reset, embed('resetting', options)) > cosine(reset, embed('banana', options)) + 0.1);
  t.true(cosine(embed('password', options), embed('passwords', options)) > 0.95);
});

test('unrelated texts sit near the model’s baseline, not at exactly zero', (t) => {
  const options = optionsFor('text-embedding-3-small');
  const similarity = cosine(embed('quantum chromodynamics lecture notes', options), embed('grandma’s apple pie recipe', options));
  t.true(similarity > 0 && similarity < 0.25, String(similarity));
});
