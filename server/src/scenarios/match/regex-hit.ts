import type { LinearRegex } from '../../regex/index.ts';
import { capturesOf } from './regex-cache.ts';
import type { Captures } from './types.ts';

const NO_CAPTURES: Captures = [];

/**
 * A regex condition that held. Its groups are found only when something reads them, a template mostly: RE2's port
 * tells whether a text matches faster than it finds the groups, and most rules answer without reading them.
 */
export class RegexHit {
  readonly #regex: LinearRegex;
  readonly #text: string;
  #captures: Captures | undefined;

  constructor(regex: LinearRegex, text: string) {
    this.#regex = regex;
    this.#text = text;
  }

  get captures(): Captures {
    if (this.#captures === undefined) {
      const found = this.#regex.exec(this.#text);
      this.#captures = found ? capturesOf(found) : NO_CAPTURES;
    }
    return this.#captures;
  }
}
