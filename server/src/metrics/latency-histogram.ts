import type { Metric, Registry } from 'prom-client';

/** One label set of a LatencyHistogram: its count per bucket (not cumulative), its sum and its count. */
export class HistogramSeries {
  readonly #bounds: readonly number[];
  /** One per upper bound, then one past the last bound (+Inf). */
  readonly #counts: Float64Array;
  #sum = 0;
  #count = 0;

  constructor(bounds: readonly number[]) {
    this.#bounds = bounds;
    this.#counts = new Float64Array(bounds.length + 1);
  }

  /** Counts a value in the first bucket whose upper bound is at least the value (bounds are inclusive, as `le` is). */
  observe(value: number): void {
    const bounds = this.#bounds;
    let bucket = 0;
    while (bucket < bounds.length && value > bounds[bucket]!) bucket++;
    this.#counts[bucket]!++;
    this.#sum += value;
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }

  get sum(): number {
    return this.#sum;
  }

  /** The cumulative count at each upper bound, then at +Inf (the count). */
  cumulative(): number[] {
    let total = 0;
    return Array.from(this.#counts, (count) => (total += count));
  }

  /** Adds its count per bucket (not cumulative, +Inf last) into `counts`. */
  addCountsTo(counts: Float64Array): void {
    const own = this.#counts;
    for (let i = 0; i < own.length; i++) counts[i]! += own[i]!;
  }

  zero(): void {
    this.#counts.fill(0);
    this.#sum = 0;
    this.#count = 0;
  }
}

export interface LatencyHistogramOptions<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, increasing. */
  buckets: readonly number[];
  registry: Registry;
}

/**
 * A Prometheus histogram for the data plane's two latencies, counted in plain numbers and exposed by prom-client's
 * registry like its own histograms: `_bucket` samples with `le` (cumulative, +Inf last), then `_sum` and `_count`,
 * per label set. prom-client's Histogram validates the labels, hashes them into a key and looks the key up on
 * every observe, even through a child bound once, and boxes the value with its labels: twice per request, about 3%
 * of the bench's chat request (measured by skipping them). Here a request's series is resolved once per label set
 * (see deployment-series.ts) and an observation is a bucket search and three additions.
 *
 * The registry reads it through `get()`, as it reads any metric, and `reset()` empties it: a label set shows again
 * once it has an observation, as with prom-client's own.
 */
export class LatencyHistogram<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #labelNames: readonly L[];
  readonly #bounds: readonly number[];
  readonly #series = new Map<string, { labels: Record<L, string>; series: HistogramSeries }>();

  constructor(options: LatencyHistogramOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.#labelNames = options.labelNames;
    this.#bounds = [...options.buckets];
    // the registry takes any object that reads like a metric (name, help, type, aggregator, get, reset)
    options.registry.registerMetric(this as unknown as Metric);
  }

  /** The series of these label values, in the order of `labelNames`; the same object for the same values. */
  labels(...values: string[]): HistogramSeries {
    if (values.length !== this.#labelNames.length) {
      throw new RangeError(`${this.name} takes ${this.#labelNames.length} label values, not ${values.length}`);
    }
    const key = values.join('\u0000');
    let entry = this.#series.get(key);
    if (!entry) {
      const labels = Object.fromEntries(this.#labelNames.map((name, i) => [name, values[i]!])) as Record<L, string>;
      entry = { labels, series: new HistogramSeries(this.#bounds) };
      this.#series.set(key, entry);
    }
    return entry.series;
  }

  /** Zeroes every series; one shows again once it has an observation. The series objects stay valid. */
  reset(): void {
    for (const { series } of this.#series.values()) series.zero();
  }

  /**
   * The cumulative count at each upper bound, then at +Inf, summed over every label set: what the dashboard reads
   * once a second, in two arrays rather than the registry's sample object (and labels copy) per bucket per series.
   */
  totals(): { bounds: number[]; cumulative: number[] } {
    const counts = new Float64Array(this.#bounds.length + 1);
    for (const { series } of this.#series.values()) series.addCountsTo(counts);
    let total = 0;
    return { bounds: [...this.#bounds, Infinity], cumulative: Array.from(counts, (count) => (total += count)) };
  }

  /** The samples, as prom-client's own histogram gives them to the registry. */
  async get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { labels, series } of this.#series.values()) {
      if (series.count === 0) continue;
      const cumulative = series.cumulative();
      this.#bounds.forEach((bound, i) =>
        values.push({ labels: { ...labels, le: bound }, value: cumulative[i]!, metricName: `${this.name}_bucket` }),
      );
      values.push({ labels: { ...labels, le: '+Inf' }, value: series.count, metricName: `${this.name}_bucket` });
      values.push({ labels: { ...labels }, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...labels }, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}
