/** Packs big-endian bit fields, for codec headers whose fields do not sit on byte boundaries. */
export class BitWriter {
  readonly #bytes: number[] = [];
  #pending = 0;
  #pendingBits = 0;

  /** Appends the low `bits` bits of `value` (at most 32), most significant first. */
  write(value: number, bits: number): this {
    if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw new RangeError(`cannot write ${bits} bits`);
    for (let bit = bits - 1; bit >= 0; bit--) {
      this.#pending = (this.#pending << 1) | (Math.floor(value / 2 ** bit) & 1);
      this.#pendingBits++;
      if (this.#pendingBits === 8) {
        this.#bytes.push(this.#pending);
        this.#pending = 0;
        this.#pendingBits = 0;
      }
    }
    return this;
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.#bytes.length * 8 + this.#pendingBits;
  }

  /** The bytes written, the last one padded with zero bits. */
  toBuffer(): Buffer {
    const tail = this.#pendingBits === 0 ? [] : [this.#pending << (8 - this.#pendingBits)];
    return Buffer.from([...this.#bytes, ...tail]);
  }
}
