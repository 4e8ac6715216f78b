/**
 * A lossless WebP (VP8L) of one colour, any size up to 16384 a side: each of its five prefix codes has a single
 * symbol, which takes no bits to read, so the picture's pixels cost nothing and the file is some 30 bytes. The
 * format is simple enough this way that a library (sharp, a WebAssembly codec) would be the larger part.
 */
export function renderSolidWebp(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 16384 || height > 16384)
    throw new RangeError(`no WebP of ${width}x${height}`);
  const bits = new LsbFirstBits();
  bits.write(0x2f, 8); // the VP8L signature
  bits.write(width - 1, 14).write(height - 1, 14);
  bits.write(0, 1); // alpha_is_used: opaque
  bits.write(0, 3); // version
  bits.write(0, 1); // no transform
  bits.write(0, 1); // no colour cache
  bits.write(0, 1); // no meta prefix codes: one set of codes for the whole picture
  const [red, green, blue] = rgb;
  // green (with the length and cache symbols), red, blue, alpha and distance: a simple code of one 8-bit symbol each
  for (const symbol of [green, red, blue, 255]) bits.write(1, 1).write(0, 1).write(1, 1).write(symbol, 8);
  bits.write(1, 1).write(0, 1).write(0, 1).write(0, 1); // distance: one 1-bit symbol, 0
  const vp8l = bits.toBuffer();
  const padded = vp8l.length % 2 === 0 ? vp8l : Buffer.concat([vp8l, Buffer.alloc(1)]);
  const header = Buffer.alloc(20);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(12 + padded.length, 4);
  header.write('WEBPVP8L', 8, 'ascii');
  header.writeUInt32LE(vp8l.length, 16);
  return Buffer.concat([header, padded]);
}

/** Packs bit fields least significant bit first, as VP8L reads them. */
class LsbFirstBits {
  readonly #bytes: number[] = [];
  #current = 0;
  #used = 0;

  write(value: number, count: number): this {
    for (let bit = 0; bit < count; bit++) {
      this.#current |= ((value >>> bit) & 1) << this.#used;
      if (++this.#used === 8) {
        this.#bytes.push(this.#current);
        this.#current = 0;
        this.#used = 0;
      }
    }
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.#used === 0 ? this.#bytes : [...this.#bytes, this.#current]);
  }
}
