import type { Counter } from 'prom-client';

/**
 * One counter series, counted in a plain number as requests are answered and added to its prom-client child
 * when the registry is read (see PendingCounts). prom-client's own inc() validates the labels and builds their
 * hash key again on every call, even through a child: about a quarter of a microsecond and a few allocations,
 * three times per request.
 */
export class PendingCount {
  readonly #child: Counter.Internal;
  #pending = 0;
  /** inc() was called since the last read: an inc(0) still shows the series, as prom-client's own does. */
  #counted = false;

  constructor(child: Counter.Internal) {
    this.#child = child;
  }

  /** Adds `value` (1 when absent); the caller passes only finite, non-negative figures. */
  inc(value = 1): void {
    this.#pending += value;
    this.#counted = true;
  }

  /** Hands what was counted since the last read to prom-client. */
  flush(): void {
    if (!this.#counted) return;
    this.#child.inc(this.#pending);
    this.#pending = 0;
    this.#counted = false;
  }

  /** Forgets what was counted since the last read (the counter is being reset). */
  drop(): void {
    this.#pending = 0;
    this.#counted = false;
  }
}

/**
 * The pending series of one counter. Its `flush` goes in the counter's `collect` option, which prom-client calls
 * before every read of the counter (a scrape, getMetricsAsJSON, get), so a read never misses a count.
 */
export class PendingCounts {
  readonly #series: PendingCount[] = [];

  /** A pending series for the counter's child. */
  add(child: Counter.Internal): PendingCount {
    const series = new PendingCount(child);
    this.#series.push(series);
    return series;
  }

  flush(): void {
    for (const series of this.#series) series.flush();
  }

  drop(): void {
    for (const series of this.#series) series.drop();
  }
}
