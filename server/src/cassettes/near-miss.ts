import type { MatchableRequest } from './canonical-key.ts';
import type { CassetteIndex, IndexedInteraction } from './cassette-index.ts';
import type { JsonValue } from './cassette-types.ts';
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
  /** Sorted hashes of each leaf's path and value. */
  leaves: Uint32Array;
  /** Total length of the leaves' text: a tie-breaker when long strings differ by a word. */
  size: number;
}

// per index, since the sketch depends on the index's ignored fields; dropped with the index
const sketches = new WeakMap<CassetteIndex, WeakMap<IndexedInteraction, Sketch>>();

/**
 * The recordings nearest to `request`, for the error a miss gets: those of the same operation and deployment
 * first, then others. Never diffs everything: a cheap similarity of flattened leaves (computed once per
 * recording, on the first miss) picks a few candidates, and only those are diffed.
 */
export function nearMisses(index: CassetteIndex, request: MatchableRequest, options: NearMissOptions = {}): NearMiss[] {
  const { limit = 3, candidates = 16, diffLines = 12, otherScan = 20_000 } = options;
  let cache = sketches.get(index);
  if (!cache) sketches.set(index, (cache = new WeakMap()));
  const cached = cache;
  const body = index.keyer.body(request);
  const wanted = sketch(body);
  const similarity = (entry: IndexedInteraction): number => {
    let found = cached.get(entry);
    if (!found) cached.set(entry, (found = sketch(index.keyer.body(entry.interaction.request))));
    return similar(wanted, found);
  };
  const diffed = (entries: readonly IndexedInteraction[], sameTarget: boolean): NearMiss[] =>
    entries
      .map((entry) => nearMiss(entry, request, body, index, sameTarget, diffLines))
      .sort((a, b) => a.differences - b.differences)
      .slice(0, limit);

  const own = index.forTarget(request.operation, request.deployment);
  const result = diffed(topBy(own, similarity, candidates), true);
  if (result.length >= limit) return result;

  const others = [...index.targets()]
    .filter((entries) => entries !== own && entries.length > 0)
    .sort(
      (a, b) =>
        Number(b[0]!.interaction.request.operation === request.operation) -
        Number(a[0]!.interaction.request.operation === request.operation),
    );
  const scanned: IndexedInteraction[] = [];
  for (const entries of others) {
    for (const entry of entries) {
      if (scanned.length >= otherScan) break;
      scanned.push(entry);
    }
  }
  return [...result, ...diffed(topBy(scanned, similarity, candidates), false)].slice(0, limit);
}

/** Near misses as an indented block for an error message. */
export function formatNearMisses(misses: readonly NearMiss[]): string {
  if (misses.length === 0) return 'no recording was made for this operation';
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
  index: CassetteIndex,
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

/** The `count` entries scoring highest, without sorting them all. */
function topBy(entries: readonly IndexedInteraction[], score: (entry: IndexedInteraction) => number, count: number): IndexedInteraction[] {
  const best: { entry: IndexedInteraction; score: number }[] = [];
  for (const entry of entries) {
    const value = score(entry);
    if (best.length === count && value <= best[best.length - 1]!.score) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.score < value) at--;
    best.splice(at, 0, { entry, score: value });
    if (best.length > count) best.pop();
  }
  return best.map(({ entry }) => entry);
}

function sketch(value: JsonValue): Sketch {
  const hashes: number[] = [];
  let size = 0;
  const visit = (node: JsonValue, path: string): void => {
    if (node !== null && typeof node === 'object') {
      if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${path}/${i}`));
      else for (const key of Object.keys(node)) visit(node[key]!, `${path}/${key}`);
      return;
    }
    const text = typeof node === 'string' ? node : String(node);
    size += text.length;
    hashes.push(fnv1a(`${path}\u0000${text}`));
  };
  visit(value, '');
  const leaves = Uint32Array.from(hashes).sort();
  return { leaves, size };
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

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
