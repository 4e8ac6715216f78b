// JSON text that JSON.stringify cannot write: numbers out of range, nesting deeper than a stack, invalid bytes.

/** A piece of body text written as it is, where a value would be. */
export class RawJson {
  readonly text: string | Buffer;

  constructor(text: string | Buffer) {
    this.text = text;
  }
}

/**
 * Writes `value` as JSON, with each RawJson written as its text (or bytes) in place: a request body the way a
 * careless or hostile client would send it.
 */
export function writeJson(value: unknown): Buffer {
  const raws: RawJson[] = [];
  const text = JSON.stringify(value, (_key, inner: unknown) => {
    if (inner instanceof RawJson) {
      raws.push(inner);
      return `__fuzz_raw_${raws.length - 1}__`;
    }
    return inner;
  });
  if (text === undefined) return Buffer.alloc(0);
  if (raws.length === 0) return Buffer.from(text);
  const parts: Buffer[] = [];
  let at = 0;
  for (const found of text.matchAll(/"__fuzz_raw_(\d+)__"/g)) {
    parts.push(Buffer.from(text.slice(at, found.index)));
    const raw = raws[Number(found[1])]!.text;
    parts.push(typeof raw === 'string' ? Buffer.from(raw) : raw);
    at = found.index + found[0].length;
  }
  parts.push(Buffer.from(text.slice(at)));
  return Buffer.concat(parts);
}
