/**
 * How long the tokenizer takes on one repeated character, the input tiktoken is quadratic on (docs/tokenizer.md):
 * count and encode, by size, with the RSS it leaves behind. Sizes in characters, comma-separated; the character
 * is the second argument.
 *
 *   taskset -c 1 node bench/token-runs.ts 98304,524288,1048576,10485760 a
 */
import { tokenizerFor } from '../server/src/tokens/tokenizer.ts';

const sizes = (process.argv[2] ?? '98304,524288,1048576,10485760').split(',').map(Number);
const character = process.argv[3] ?? 'a';
const tokenizer = tokenizerFor('o200k_base');
for (const size of sizes) {
  const text = character.repeat(size);
  const rss = process.memoryUsage().rss;
  let started = performance.now();
  let counted: string;
  try {
    counted = `${tokenizer.count(text)} tokens`;
  } catch (error) {
    counted = `threw "${(error as Error).message}"`;
  }
  const countMs = performance.now() - started;
  started = performance.now();
  let encoded: string;
  try {
    encoded = `${tokenizer.encode(text).length} tokens`;
  } catch (error) {
    encoded = `threw "${(error as Error).message}"`;
  }
  const encodeMs = performance.now() - started;
  const grown = (process.memoryUsage().rss - rss) / 1e6;
  console.log(
    `${size} × ${JSON.stringify(character)}: count ${countMs.toFixed(0)} ms (${counted}), encode ${encodeMs.toFixed(0)} ms (${encoded}), RSS +${grown.toFixed(1)} MB`,
  );
}
