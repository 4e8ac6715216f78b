import type { MatchableRequest } from './canonical-key.ts';
import type { CassetteIndex, IndexedInteraction } from './cassette-index.ts';
import type { JsonValue } from './cassette-types.ts';
import type { StoreAnswer } from './replay-cursors.ts';
import { diffJson, formatDiff } from './json-diff.ts';

/** A recorded request close to one that matched nothing, and how they differ. */
export interface NearMiss {
  entry: IndexedInteraction;
  /** Recorded for the same operation and deployment as the request. */
  sameTarget: boolean;
  /** How many fields differ in the canonical bodies (plus one for each of operation and deployment that does). */
  differences: number;
  /** `- /path: recorded` / `+ /path: requested` lines. */
  diff: string[];
}

export interface NearMissOptions {
  /** How many near misses to return. Default 3. */
  limit?: number;
  /** How many of the cheaply most similar recordings get a full diff. Default 16. */
  candidates?: number;
  /** Diff lines per near miss, at most. Default 12. */
  diffLines?: number;
  /** How many recordings of other operations or deployments are looked at, at most. Default 20,000. */
  otherScan?: number;
}

interface Sketch {
  /** Sorted hashes of each leaf's path and value, and of the words of its strings. */
  leaves: Uint32Array;
  /** Total length of the leaves' text: a tie-breaker when long strings differ by a word. */
  size: number;
}

// per index (the sketch depends on its ignored fields) and per group, in the group's order: a plain array
// per group, where a map per recording would cost the garbage collector dearly at 100,000 of them
const sketchCache = new WeakMap<CassetteIndex<StoreAnswer<number>>, Map<readonly IndexedInteraction[], Sketch[]>>();

/**
 * The recordings nearest to `request`, for the error a miss gets: those of the same operation and deployment
 * first, then others. Never diffs everything: a cheap similarity of flattened leaves and words (computed once
 * per recording, on the first miss) picks a few candidates, and only those are diffed.
 */
export function nearMisses(
  index: CassetteIndex<StoreAnswer<number>>,
  request: MatchableRequest,
  options: NearMissOptions = {},
): NearMiss[] {
  const { limit = 3, candidates = 16, diffLines = 12, otherScan = 20_000 } = options;
  let cache = sketchCache.get(index);
  if (!cache) sketchCache.set(index, (cache = new Map()));
  const body = index.keyer.body(request);
  const wanted = sketch(request.body);
  const scored: { entry: IndexedInteraction; score: number }[] = [];
  const score = (group: readonly IndexedInteraction[], count: number): void => {
    let sketches = cache.get(group);
    if (!sketches) cache.set(group, (sketches = []));
    // raw bodies: a sketch ignores key order anyway, and an ignored field only nudges a score the diff then corrects
    for (let i = sketches.length; i < count; i++) sketches.push(sketch(group[i]!.interaction.request.body));
    for (let i = 0; i < count; i++) keepBest(scored, { entry: group[i]!, score: similar(wanted, sketches[i]!) }, candidates);
  };
  const diffed = (sameTarget: boolean): NearMiss[] =>
    scored
      .splice(0)
      .map(({ entry }) => nearMiss(entry, request, body, index, sameTarget, diffLines))
      .sort((a, b) => a.differences - b.differences)
      .slice(0, limit);

  const own = index.forTarget(request.operation, request.deployment);
  score(own, own.length);
  const result = diffed(true);
  if (result.length >= limit) return result;

  const sameOperationFirst = [...index.targets()]
    .filter((group) => group !== own && group.length > 0)
    .sort(
      (a, b) =>
        Number(b[0]!.interaction.request.operation === request.operation) -
        Number(a[0]!.interaction.request.operation === request.operation),
    );
  let budget = otherScan;
  for (const group of sameOperationFirst) {
    if (budget <= 0) break;
    const count = Math.min(group.length, budget);
    score(group, count);
    budget -= count;
  }
  return [...result, ...diffed(false)].slice(0, limit);
}

/** Near misses as an indented block for an error message. */
export function formatNearMisses(misses: readonly NearMiss[]): string {
  if (misses.length === 0) return 'no recordings at all';
  return misses
    .map(({ entry, diff }) =>
      [`  ${entry.source.file} interactions[${entry.source.index}]:`, ...diff.map((line) => `    ${line}`)].join('\n'),
    )
    .join('\n');
}

function nearMiss(
  entry: IndexedInteraction,
  request: MatchableRequest,
  body: JsonValue,
  index: CassetteIndex<StoreAnswer<number>>,
  sameTarget: boolean,
  diffLines: number,
): NearMiss {
  const recorded = entry.interaction.request;
  const lines: string[] = [];
  let differences = 0;
  for (const field of ['operation', 'deployment'] as const) {
    if (recorded[field] === request[field]) continue;
    differences++;
    lines.push(`- ${field}: ${JSON.stringify(recorded[field])}`, `+ ${field}: ${JSON.stringify(request[field])}`);
  }
  // each difference prints up to two lines, plus one saying how many more there are
  const diff = diffJson(index.keyer.body(recorded), body, Math.max(1, Math.floor((diffLines - lines.length - 1) / 2)));
  differences += diff.count;
  lines.push(...formatDiff(diff));
  if (differences === 0) lines.push('(the same request: the matcher refused it)');
  return { entry, sameTarget, differences, diff: lines };
}

/** Keeps `best` the `count` highest scores, highest first; ties keep the earlier recording. */
function keepBest(
  best: { entry: IndexedInteraction; score: number }[],
  candidate: { entry: IndexedInteraction; score: number },
  count: number,
): void {
  if (best.length === count && candidate.score <= best[best.length - 1]!.score) return;
  let at = best.length;
  while (at > 0 && best[at - 1]!.score < candidate.score) at--;
  best.splice(at, 0, candidate);
  if (best.length > count) best.pop();
}

/** Words of a string value that join the sketch: enough to tell prompts apart, bounded for long documents. */
const MAX_WORDS_PER_VALUE = 64;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Seeds a word's hash apart from its value's, so the word "Hi" and the whole value "Hi" differ. */
const WORD_SEED = 0x9e3779b9;
/** Reused for every sketch: only the sorted copy is kept. */
let scratch = new Uint32Array(1024);
let used = 0;

/**
 * Hashes of each leaf (path and value) and of each word of string leaves (path and word): prompts a word
 * apart then share all but a word or two, where whole-value hashes would share nothing. Hashing runs over the
 * characters in place, without building path or word strings: the first miss sketches every recording.
 */
function sketch(value: JsonValue): Sketch {
  used = 0;
  let size = 0;
  const visit = (node: JsonValue, path: number): void => {
    if (node !== null && typeof node === 'object') {
      if (Array.isArray(node)) for (let i = 0; i < node.length; i++) visit(node[i]!, mix(path, i + 1));
      else for (const key of Object.keys(node)) visit(node[key]!, fnv(mix(path, 0), key));
      return;
    }
    const text = typeof node === 'string' ? node : String(node);
    size += text.length;
    push(fnv(path, text));
    if (typeof node === 'string') addWords(text, path);
  };
  visit(value, FNV_OFFSET);
  return { leaves: scratch.slice(0, used).sort(), size };
}

function addWords(text: string, path: number): void {
  const seed = path ^ WORD_SEED;
  let word = seed;
  let length = 0;
  let words = 0;
  for (let i = 0; i <= text.length && words < MAX_WORDS_PER_VALUE; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    if (code === 32 || code === 10 || code === 9 || code === 13) {
      if (length > 0) (push(word), words++);
      word = seed;
      length = 0;
    } else {
      word = Math.imul(word ^ code, FNV_PRIME);
      length++;
    }
  }
}

function push(hash: number): void {
  if (used === scratch.length) {
    const grown = new Uint32Array(scratch.length * 2);
    grown.set(scratch);
    scratch = grown;
  }
  scratch[used++] = hash;
}

function fnv(seed: number, text: string): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, FNV_PRIME);
}

/** Jaccard similarity of the leaves, nudged by how close the sizes are. */
function similar(a: Sketch, b: Sketch): number {
  let shared = 0;
  for (let i = 0, j = 0; i < a.leaves.length && j < b.leaves.length;) {
    const [x, y] = [a.leaves[i]!, b.leaves[j]!];
    if (x === y) (shared++, i++, j++);
    else if (x < y) i++;
    else j++;
  }
  const union = a.leaves.length + b.leaves.length - shared;
  const jaccard = union === 0 ? 1 : shared / union;
  const sizes = Math.max(a.size, b.size);
  return jaccard + 0.1 * (sizes === 0 ? 1 : 1 - Math.abs(a.size - b.size) / sizes);
}
