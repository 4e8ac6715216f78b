import test from 'ava';
import { Buffer } from 'node:buffer';
import { embed } from './embed.ts';
import { toBase64, toFloatArray } from './encode.ts';
import { norm, optionsFor } from './test-helpers.ts';

/** How openai-node decodes `encoding_format: "base64"`. */
function decode(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / Float32Array.BYTES_PER_ELEMENT);
}

test('base64 round-trips the exact float32 values', (t) => {
  for (const options of [optionsFor('text-embedding-3-small'), optionsFor('text-embedding-3-large', 256)]) {
    const vector = embed('base64 please', options);
    const base64 = toBase64(vector);
    t.is(base64.length, Math.ceil((vector.length * 4) / 3) * 4);
    t.deepEqual(decode(base64), vector);
  }
});

test('base64 encodes a view, not its whole underlying buffer', (t) => {
  const vector = embed('offset view', optionsFor('text-embedding-3-small'));
  const view = vector.subarray(8, 16);
  t.deepEqual(decode(toBase64(view)), view);
});

test('float arrays stay unit length and print short', (t) => {
  const vector = embed('floats please', optionsFor('text-embedding-3-large'));
  const values = toFloatArray(vector);
  t.is(values.length, vector.length);
  t.true(Math.abs(norm(values) - 1) < 1e-6);
  const decoded = JSON.parse(JSON.stringify(values)) as number[];
  t.deepEqual(decoded, values);
  t.true(values.every((value, i) => Math.abs(value - vector[i]!) <= 5e-10));
  t.true(JSON.stringify(values).length / values.length < 13);
});
