/** Failures quote request text, which may be a whole prompt: every value is cut to about this many characters. */
const LIMIT = 80;
const ELLIPSIS = '…';

/** A string as a JSON literal of at most about 80 characters, cut with an ellipsis, escapes kept whole. */
export function quote(text: string): string {
  // Only a short string is escaped whole: a long prompt is cut first, then cut more while its escapes overflow.
  if (text.length <= LIMIT) {
    const literal = JSON.stringify(text);
    if (literal.length <= LIMIT + 2) return literal;
  }
  if (text === lastCut.text) return lastCut.quoted;
  let kept = withoutBrokenPair(text.slice(0, LIMIT - 1));
  let literal = JSON.stringify(kept);
  while (literal.length > LIMIT + 1 && kept.length > 0) {
    kept = withoutBrokenPair(kept.slice(0, kept.length - Math.max(1, Math.floor((literal.length - LIMIT - 1) / 2))));
    literal = JSON.stringify(kept);
  }
  // The ellipsis goes in after escaping: JSON.stringify is several times slower on a string that is not one-byte.
  lastCut = { text, quoted: `${literal.slice(0, -1)}${ELLIPSIS}"` };
  return lastCut.quoted;
}

// A request is tried against rule after rule, and every rule it misses quotes the same long prompt.
let lastCut = { text: '', quoted: '""' };

/** A high surrogate left alone at the end of a cut would print as a replacement character. */
function withoutBrokenPair(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

/** Strings quoted and comma-separated, cut to about 80 characters. */
export function quoteList(items: readonly string[]): string {
  let out = '';
  for (const item of items) {
    const next = out === '' ? quote(item) : `${out}, ${quote(item)}`;
    if (next.length > LIMIT && out !== '') return `${out}, ${ELLIPSIS}`;
    out = next;
  }
  return out;
}

/** Any value as short JSON-like text; `absent` for undefined. */
export function preview(value: unknown): string {
  if (value === undefined) return 'absent';
  if (typeof value === 'string') return quote(value);
  const parts: string[] = [];
  let length = 0;
  const emit = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length <= LIMIT;
  };
  // Bodies can be large (a whole `messages` array): stop writing as soon as the budget is spent.
  const write = (node: unknown): boolean => {
    if (typeof node === 'string') return emit(quote(node));
    if (typeof node === 'number' || typeof node === 'boolean') return emit(String(node));
    if (node === null || typeof node !== 'object') return emit('null');
    if (Array.isArray(node)) {
      if (!emit('[')) return false;
      for (let i = 0; i < node.length; i++) if ((i > 0 && !emit(',')) || !write(node[i])) return false;
      return emit(']');
    }
    if (!emit('{')) return false;
    let first = true;
    for (const [key, item] of Object.entries(node)) {
      if ((!first && !emit(',')) || !emit(`${quote(key)}:`) || !write(item)) return false;
      first = false;
    }
    return emit('}');
  };
  write(value);
  const text = parts.join('');
  return text.length > LIMIT ? withoutBrokenPair(text.slice(0, LIMIT - 1)) + ELLIPSIS : text;
}
