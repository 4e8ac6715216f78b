import test from 'ava';
import { nextPowerOfTwo, walshHadamard } from './walsh-hadamard.ts';

/** Naive H·x with H[i][j] = (−1)^popcount(i & j). */
function naive(values: readonly number[]): number[] {
  return values.map((_, i) => values.reduce((sum, x, j) => sum + (popcount(i & j) % 2 ? -x : x), 0));
}

function popcount(n: number): number {
  let count = 0;
  for (let bits = n; bits; bits &= bits - 1) count++;
  return count;
}

test('matches the definition for odd and even numbers of stages', (t) => {
  for (const n of [1, 2, 4, 8, 32, 64]) {
    const input = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const fast = Float64Array.from(input);
    walshHadamard(fast);
    const expected = naive(input);
    for (let i = 0; i < n; i++) t.true(Math.abs(fast[i]! - expected[i]!) < 1e-9, `n=${n} i=${i}`);
  }
});

test('applying it twice scales by the length: it is orthogonal up to sqrt(n)', (t) => {
  const input = Float64Array.from({ length: 2048 }, (_, i) => Math.cos(i * 0.37));
  const twice = input.slice();
  walshHadamard(twice);
  walshHadamard(twice);
  for (let i = 0; i < input.length; i++) t.true(Math.abs(twice[i]! / 2048 - input[i]!) < 1e-9);
});

test('nextPowerOfTwo', (t) => {
  t.deepEqual([1, 2, 3, 1536, 2048, 3072].map(nextPowerOfTwo), [1, 2, 4, 2048, 2048, 4096]);
});
