import test from 'ava';
import { execFileSync } from 'node:child_process';
import { embed, embedBatch, embedTokens } from './embed.ts';
import { toBase64 } from './encode.ts';
import { cosine, norm, optionsFor } from './test-helpers.ts';

const SMALL = optionsFor('text-embedding-3-small');
const LARGE = optionsFor('text-embedding-3-large');
const ADA = optionsFor('text-embedding-ada-002');

test('the same text gives the same vector, call after call and batch or not', (t) => {
  const text = 'How do I reset my password?';
  const first = embed(text, SMALL);
  t.deepEqual(embed(text, SMALL), first);
  t.deepEqual(embedBatch(['something else', text], SMALL)[1], first);
});

test('the same text gives the same vector in another process', (t) => {
  const module = new URL('./index.ts', import.meta.url).href;
  const script = `import('${module}').then((m) => process.stdout.write(m.toBase64(m.embed('déjà vu, again!', ${JSON.stringify(LARGE)}))))`;
  const other = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  t.is(other, toBase64(embed('déjà vu, again!', LARGE)));
});

test('vectors are pinned: a change here changes every simulated embedding', (t) => {
  const vector = embed('The quick brown fox', SMALL);
  t.deepEqual(
    Array.from(vector.subarray(0, 4), (x) => Math.round(x * 1e6)),
    [-30167, 48205, 9291, -41204],
  );
});

test('vectors are unit length and as long as asked', (t) => {
  const cases = [
    [SMALL, 1536],
    [ADA, 1536],
    [LARGE, 3072],
    [optionsFor('text-embedding-3-small', 256), 256],
    [optionsFor('text-embedding-3-large', 256), 256],
    [optionsFor('text-embedding-3-large', 1024), 1024],
    [optionsFor('text-embedding-3-small', 1), 1],
  ] as const;
  for (const [options, length] of cases) {
    const vector = embed('Azure OpenAI simulator', options);
    t.is(vector.length, length);
    t.true(Math.abs(norm(vector) - 1) < 1e-6, `${options.model} ${length}: norm ${norm(vector)}`);
  }
});

test('dimensions truncates the full vector and renormalises it, as Matryoshka models do', (t) => {
  for (const options of [SMALL, LARGE]) {
    const text = 'Matryoshka representation learning nests smaller embeddings inside larger ones.';
    const full = embed(text, options);
    for (const dimensions of [256, 512, 1024]) {
      const short = embed(text, { ...options, dimensions });
      const prefix = full.subarray(0, dimensions);
      const length = norm(prefix);
      let worst = 0;
      for (let i = 0; i < dimensions; i++) worst = Math.max(worst, Math.abs(prefix[i]! / length - short[i]!));
      t.true(worst < 1e-6, `${options.model} ${dimensions}: differs by ${worst}`);
    }
  }
});

test('truncated vectors keep the similarity ordering', (t) => {
  const options = optionsFor('text-embedding-3-small', 256);
  const query = embed('How do I reset my password?', options);
  const related = cosine(query, embed('password reset instructions', options));
  const unrelated = cosine(query, embed('The weather in Paris is sunny', options));
  t.true(related - unrelated > 0.3, `${related} vs ${unrelated}`);
});

test('an empty text still gives a valid unit vector', (t) => {
  for (const text of ['', '   ', '?!…']) {
    const vector = embed(text, SMALL);
    t.true(vector.every(Number.isFinite));
    t.true(Math.abs(norm(vector) - 1) < 1e-6);
  }
  t.true(embedTokens([], SMALL).every(Number.isFinite));
});

test('a very long input works', (t) => {
  const words = Array.from({ length: 8000 }, (_, i) => `word${i % 500} lorem${i % 37}`);
  const vector = embed(words.join(' '), LARGE);
  t.is(vector.length, 3072);
  t.true(Math.abs(norm(vector) - 1) < 1e-6);
});

test('vectors look dense and roughly Gaussian, like real embeddings', (t) => {
  for (const text of ['hi', 'The weather in Paris is sunny and warm for most of June.']) {
    const vector = embed(text, SMALL);
    const nonZero = vector.filter((x) => Math.abs(x) > 1e-5).length;
    t.true(nonZero > vector.length * 0.95, `${text}: ${nonZero} non-zero`);
    let second = 0;
    let fourth = 0;
    for (const x of vector) {
      second += x * x;
      fourth += x ** 4;
    }
    const kurtosis = fourth / vector.length / (second / vector.length) ** 2;
    t.true(kurtosis > 2.5 && kurtosis < 3.5, `${text}: kurtosis ${kurtosis}`);
  }
});

test('different models put the same text in different spaces', (t) => {
  const text = 'same words, different model';
  t.true(Math.abs(cosine(embed(text, SMALL), embed(text, ADA))) < 0.15);
  const large = embed(text, LARGE);
  t.true(Math.abs(cosine(embed(text, SMALL), large.subarray(0, 1536))) < 0.15);
});

test('token arrays: equal arrays give equal vectors, overlapping ones similar vectors', (t) => {
  const tokens = [4438, 656, 358, 7738, 856, 3636, 30];
  const vector = embedTokens(tokens, SMALL);
  t.deepEqual(embedTokens([...tokens], SMALL), vector);
  t.true(Math.abs(norm(vector) - 1) < 1e-6);
  const overlapping = cosine(vector, embedTokens([4438, 656, 358, 7738, 856, 3636, 2000, 11], SMALL));
  const disjoint = cosine(vector, embedTokens([791, 9282, 304, 12366, 374, 40798], SMALL));
  t.true(overlapping - disjoint > 0.3, `${overlapping} vs ${disjoint}`);
});

test('impossible sizes are refused rather than guessed', (t) => {
  t.throws(() => embed('x', { ...SMALL, dimensions: 0 }), { instanceOf: RangeError });
  t.throws(() => embed('x', { ...SMALL, dimensions: 1537 }), { instanceOf: RangeError });
  t.throws(() => embed('x', { ...SMALL, dimensions: 1.5 }), { instanceOf: RangeError });
  t.throws(() => embed('x', { ...SMALL, fullDimensions: 1 << 20, dimensions: 8 }), { instanceOf: RangeError });
});
