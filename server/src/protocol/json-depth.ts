/**
 * How deeply parsed JSON may nest objects and arrays before the simulator refuses it. JSON.parse is iterative,
 * but everything that reads a body afterwards (JSON.stringify, the token count, the journal, templates,
 * structured outputs, merge patches) recurses once per level, and a few thousand levels exhaust the stack.
 * Checking once at the boundary keeps every one of those walks safe without bounding each of them. No request
 * the service accepts comes near it: its deepest bodies are JSON schemas, which strict mode caps at 10 levels.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * The same bound for a document that carries bodies inside a few levels of its own: a scenarios file (a
 * rule's `raw.body`), a cassette (each interaction's request and response), a control-API update.
 */
export const MAX_DOCUMENT_DEPTH = MAX_JSON_DEPTH + 16;

/**
 * Whether `value` nests objects and arrays more than `levels` deep (a scalar is depth 0, `[]` and `{}` are 1).
 * Stops at the first branch past the limit, so its own recursion never goes deeper than `levels` + 1.
 */
export function nestsDeeperThan(value: unknown, levels: number = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (nestsDeeperThan(value[i], levels - 1)) return true;
    return false;
  }
  for (const key in value) if (nestsDeeperThan((value as Record<string, unknown>)[key], levels - 1)) return true;
  return false;
}

/**
 * Whether a string anywhere in `value`, a key included, holds a lone UTF-16 surrogate: JSON's `\ud800`
 * escape can spell one, and no UTF-8 byte sequence can. Recurses once per level: call it on values whose
 * depth was checked first.
 */
export function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return !value.isWellFormed();
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  for (const key in value) {
    if (!key.isWellFormed() || hasLoneSurrogate((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Whether JSON text escapes a surrogate (`\ud83d`, `\uDE00`): the only way its strings can hold a lone one. */
export function escapesSurrogate(json: string): boolean {
  return json.includes('\\ud') || json.includes('\\uD');
}
