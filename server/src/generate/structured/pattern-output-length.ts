/**
 * How long a string randexp may build from a pattern, so that a request's pattern cannot make it build gigabytes:
 * randexp repeats each `+` or `*` up to `max` more times, so `^((a+)+)+b$` with a max of 2000 is 2000³ characters,
 * which took the process past its heap limit.
 */

/** randexp's parsed pattern (ret's tokens), read by shape so that no ret version is assumed. */
interface PatternToken {
  stack?: PatternToken[];
  options?: PatternToken[][];
  min?: number;
  max?: number;
  value?: unknown;
}

/** The longest string randexp can make from `token` when unbounded repeats go at most `max` past their minimum. */
export function longestOutput(token: PatternToken, max: number): number {
  if (Array.isArray(token.options)) return Math.max(0, ...token.options.map((stack) => sequenceLength(stack, max)));
  if (Array.isArray(token.stack)) return sequenceLength(token.stack, max);
  if (typeof token.min === 'number' && typeof token.max === 'number' && typeof token.value === 'object' && token.value !== null) {
    const times = token.max === Infinity ? token.min + max : token.max;
    return times === 0 ? 0 : times * longestOutput(token.value as PatternToken, max);
  }
  // a position (`^`, `$`, `\b`) writes nothing; a character, a set or a range one character
  return typeof token.value === 'string' ? 0 : 1;
}

function sequenceLength(stack: readonly PatternToken[], max: number): number {
  let length = 0;
  for (const token of stack) length += longestOutput(token, max);
  return length;
}

/**
 * The largest `max`, up to `wanted`, for which randexp writes at most `limit` characters from `tokens`; undefined
 * when even no repeats past the minimum would write more.
 */
export function boundedRepeats(tokens: object, wanted: number, limit: number): number | undefined {
  const root = tokens as PatternToken;
  if (longestOutput(root, wanted) <= limit) return wanted;
  if (longestOutput(root, 0) > limit) return undefined;
  let [low, high] = [0, wanted];
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (longestOutput(root, middle) <= limit) low = middle;
    else high = middle;
  }
  return low;
}
