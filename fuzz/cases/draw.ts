// Seeded choices for building one case: fast-check's generators, drawn from imperatively.
import fc from 'fast-check';

/**
 * The choices one case makes, all from one seed: the same seed and case index give the same case, so any case a
 * run reports can be sent again on its own (`--case`). fast-check supplies the random source and the value
 * generators (unicode strings with lone surrogates, JSON values, integers with their edge values); `fc.gen()` lets
 * a case draw from them step by step, as its shape decides.
 */
export class Draw {
  private readonly g: fc.GeneratorValue;

  private constructor(g: fc.GeneratorValue) {
    this.g = g;
  }

  /** The draw for case `index` of a run seeded with `seed`, in the given configuration. */
  static forCase(seed: number, configuration: string, index: number | string): Draw {
    const [g] = fc.sample(fc.gen(), { seed: mix(seed, `${configuration}:${index}`), numRuns: 1 });
    return new Draw(g!);
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.int(0, 9_999) < p * 10_000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** One of `entries`, chosen in proportion to its weight. */
  weighted<T>(entries: ReadonlyArray<readonly [number, T]>): T {
    const total = entries.reduce((sum, [weight]) => sum + weight, 0);
    let ticket = this.int(0, total - 1);
    for (const [weight, value] of entries) {
      if (ticket < weight) return value;
      ticket -= weight;
    }
    return entries[entries.length - 1]![1];
  }

  /** A value from a fast-check arbitrary. */
  from<T>(arbitrary: fc.Arbitrary<T>): T {
    return this.g(() => arbitrary);
  }

  /** Letters and digits, for names and ids. */
  word(min = 1, max = 12): string {
    return this.from(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: min, maxLength: max }));
  }
}

/** A 32-bit seed from a run's seed and a case's name (FNV-1a), so that cases are independent of each other. */
export function mix(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
