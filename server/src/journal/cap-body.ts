/** A body as an entry keeps it: whole, or its first `maxBytes` bytes. */
export interface CappedText {
  text: string;
  truncated: boolean;
  /** The UTF-8 size of the whole body. */
  bytes: number;
  /** The UTF-8 size of `text`. */
  keptBytes: number;
}

/**
 * Cuts bodies down to `maxBytes` of UTF-8 without splitting a character. What it returns never shares memory
 * with what it was given: V8 makes `s.slice(0, n)` a view that keeps all of `s` alive, so a 10 MB answer cut to
 * 16 KiB by slicing would still hold 10 MB, and the journal's byte count would be a fiction.
 */
export class BodyCapper {
  readonly maxBytes: number;
  /** Made on the first cut, and reused: most bodies fit, and a large cap should cost nothing until one does not. */
  #scratch: Buffer | undefined;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /**
   * `text` whole when it fits, else a fresh copy of as many whole characters as fit. `bytes` is its UTF-8 size
   * when the caller knows it already (an answer measured for its content-length), so it is not measured twice.
   */
  text(text: string, bytes = Buffer.byteLength(text)): CappedText {
    if (bytes <= this.maxBytes) return { text, truncated: false, bytes, keptBytes: bytes };
    // Buffer#write never writes part of a character, so the cut lands on a character boundary.
    this.#scratch ??= Buffer.alloc(this.maxBytes);
    const written = this.#scratch.write(text, 0, this.maxBytes, 'utf8');
    return { text: this.#scratch.toString('utf8', 0, written), truncated: true, bytes, keptBytes: written };
  }

  /**
   * The body's JSON text, capped; undefined when there is none to write. Bytes (a Buffer, a typed array) become
   * `"[n bytes]"`: their own JSON is an array of numbers, four to five times their size, saying nothing.
   */
  json(body: unknown): CappedText | undefined {
    if (body === undefined) return undefined;
    let json: string | undefined;
    try {
      json = JSON.stringify(body, binaryAsSize);
    } catch (error) {
      // A cycle or a BigInt: the request was served, so the journal keeps the entry and says what it could not keep.
      json = JSON.stringify(`[body not serializable: ${error instanceof Error ? error.message : String(error)}]`);
    }
    return json === undefined ? undefined : this.text(json);
  }
}

function binaryAsSize(this: unknown, key: string, value: unknown): unknown {
  // toJSON has already run on `value`; the holder still has the original.
  const original = (this as Record<string, unknown>)[key];
  if (ArrayBuffer.isView(original) || original instanceof ArrayBuffer) return `[${original.byteLength} bytes]`;
  return value;
}
