import test from 'ava';
import { recountCl100k } from '../../test-support/recount.ts';
import { azureClient, v1Client } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

const norm = (vector: readonly number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0) / (norm(a) * norm(b));

test('embeddings with the SDK defaults (base64): unit vectors of the model size, usage counted', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'text-embedding-3-small' });
  const input = ['How do I reset my password?', 'password reset instructions', 'The weather in Paris is sunny'];
  const result = await client.embeddings.create({ model: 'text-embedding-3-small', input });
  t.is(result.object, 'list');
  t.is(result.model, 'text-embedding-3-small');
  t.deepEqual(
    result.data.map((item) => item.index),
    [0, 1, 2],
  );
  for (const item of result.data) {
    t.is(item.embedding.length, 1536);
    t.true(Math.abs(norm(item.embedding) - 1) < 1e-4);
  }
  t.is(
    result.usage.prompt_tokens,
    input.reduce((sum, text) => sum + recountCl100k(text), 0),
  );
  const [query, related, unrelated] = result.data.map((item) => item.embedding);
  t.true(cosine(query!, related!) > cosine(query!, unrelated!) + 0.1);
});

test('embeddings as floats equal the base64 ones; the same input always gives the same vector', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'text-embedding-3-large' });
  const base64 = await client.embeddings.create({ model: 'x', input: 'hello world' });
  const floats = await client.embeddings.create({ model: 'x', input: 'hello world', encoding_format: 'float' });
  t.is(floats.data[0]?.embedding.length, 3072);
  t.true(floats.data[0]!.embedding.every((value, i) => Math.abs(value - base64.data[0]!.embedding[i]!) < 1e-6));
  const again = await client.embeddings.create({ model: 'x', input: 'hello world', encoding_format: 'float' });
  t.deepEqual(again.data[0]?.embedding, floats.data[0]?.embedding);
});

test('embeddings: dimensions for text-embedding-3, refused for ada-002', async (t) => {
  const sim = await startTestSimulator(t);
  const small = await azureClient(sim, { deployment: 'text-embedding-3-small' }).embeddings.create({
    model: 'x',
    input: 'hi',
    dimensions: 256,
  });
  t.is(small.data[0]?.embedding.length, 256);
  t.true(Math.abs(norm(small.data[0]!.embedding) - 1) < 1e-4);
  const error = await t.throwsAsync(
    azureClient(sim, { deployment: 'text-embedding-ada-002' }).embeddings.create({ model: 'x', input: 'hi', dimensions: 256 }),
  );
  t.is((error as { param?: string }).param, 'dimensions');
});

test('embeddings: up to 2048 inputs, more is a 400; the v1 route works', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'text-embedding-3-small' });
  const many = await client.embeddings.create({ model: 'x', input: Array.from({ length: 2048 }, (_, i) => `document ${i}`) });
  t.is(many.data.length, 2048);
  const tooMany = await t.throwsAsync(client.embeddings.create({ model: 'x', input: Array.from({ length: 2049 }, (_, i) => `d${i}`) }));
  t.is((tooMany as { status?: number }).status, 400);
  const v1 = await v1Client(sim).embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
  t.is(v1.data[0]?.embedding.length, 1536);
});
