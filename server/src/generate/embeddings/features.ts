import { combineHashes, hashInteger, hashString } from './hash.ts';
import { STOPWORDS } from './stopwords.ts';
import { MAX_WORDS } from './tokenize.ts';

// Relative weights, tuned so that sharing a content word dominates, sharing subwords counts,
// and word order (bigrams) nudges. A word's trigrams together weigh TRIGRAMS, however long it is.
const WORD = 1;
const STOPWORD = 0.15;
const TRIGRAMS = 0.8;
const BIGRAM = 0.4;
const MAX_TRIGRAMS_PER_WORD = 64;
const MAX_TOKENS = MAX_WORDS;

// Distinct salts keep the word "abc" and the trigram "abc" from sharing a bucket on purpose.
const SALT_WORD = 0x5bd1e995;
const SALT_TRIGRAM = 0x1b873593;
const SALT_BIGRAM = 0x2545f491;
const SALT_TOKEN = 0x68e31da4;
const SALT_TOKEN_BIGRAM = 0x3c6ef372;

/**
 * Feature hashing: adds `weight` to one bucket of `target` (length a power of two) with a
 * sign taken from the hash, so that colliding features cancel on average instead of piling up.
 */
export function addHashed(target: Float64Array, hash: number, weight: number): void {
  const bucket = hash & (target.length - 1);
  target[bucket] = target[bucket]! + (hash & 0x8000_0000 ? -weight : weight);
}

/** Sublinear term frequency: repeating a word ten times should not make it ten times as important. */
function tf(count: number): number {
  return Math.sqrt(count);
}

/** Adds the hashed features of tokenised text: words, their character trigrams, and content-word bigrams. */
export function addTextFeatures(target: Float64Array, words: readonly string[], seed: number): void {
  const counts = new Map<string, number>();
  const bigrams = new Map<number, number>();
  let previous = -1;
  const limit = Math.min(words.length, MAX_WORDS);
  for (let i = 0; i < limit; i++) {
    const word = words[i]!;
    counts.set(word, (counts.get(word) ?? 0) + 1);
    if (STOPWORDS.has(word)) continue;
    // Bigrams skip stopwords so "reset my password" and "reset the password" share one.
    const hash = hashString(word, seed ^ SALT_WORD);
    if (previous !== -1) {
      const bigram = combineHashes(previous, hash, seed ^ SALT_BIGRAM);
      bigrams.set(bigram, (bigrams.get(bigram) ?? 0) + 1);
    }
    previous = hash;
  }
  for (const [word, count] of counts) {
    const stop = STOPWORDS.has(word);
    const weight = tf(count) * (stop ? STOPWORD : WORD);
    addHashed(target, hashString(word, seed ^ SALT_WORD), weight);
    // A stopword's trigrams ("the", "ing"...) would only add noise shared by unrelated texts.
    if (!stop) addTrigrams(target, word, tf(count) * TRIGRAMS, seed ^ SALT_TRIGRAM);
  }
  for (const [bigram, count] of bigrams) addHashed(target, bigram, tf(count) * BIGRAM);
}

/** Character trigrams of the word with boundary marks, sharing `total` as their combined norm. */
function addTrigrams(target: Float64Array, word: string, total: number, seed: number): void {
  const padded = `\u0002${word}\u0003`;
  const count = Math.min(padded.length - 2, MAX_TRIGRAMS_PER_WORD);
  const each = total / Math.sqrt(count);
  for (let i = 0; i < count; i++) addHashed(target, hashString(padded, seed, i, i + 3), each);
}

/** Adds hashed features of a token-id array: ids and ordered id pairs. */
export function addTokenFeatures(target: Float64Array, tokens: readonly number[], seed: number): void {
  const counts = new Map<number, number>();
  const bigrams = new Map<number, number>();
  const limit = Math.min(tokens.length, MAX_TOKENS);
  let previous = -1;
  for (let i = 0; i < limit; i++) {
    const hash = hashInteger(tokens[i]!, seed ^ SALT_TOKEN);
    counts.set(hash, (counts.get(hash) ?? 0) + 1);
    if (previous !== -1) {
      const bigram = combineHashes(previous, hash, seed ^ SALT_TOKEN_BIGRAM);
      bigrams.set(bigram, (bigrams.get(bigram) ?? 0) + 1);
    }
    previous = hash;
  }
  for (const [hash, count] of counts) addHashed(target, hash, tf(count) * WORD);
  for (const [hash, count] of bigrams) addHashed(target, hash, tf(count) * BIGRAM);
}
