import type { Registry } from 'prom-client';
import type { PacerLatenessObserver } from '../latency/index.ts';
import { LatencyHistogram, type HistogramSeries } from './latency-histogram.ts';
import { METRIC_NAMES, PACER_LATENESS_BUCKETS_SECONDS } from './metric-names.ts';

/** A chunk later than this is late enough to count toward the warning (a bucket bound, so it is counted exactly). */
export const PACER_BEHIND_MS = 25;
/** The warning is given when more than this share of a window's chunks (or first tokens) are later than PACER_BEHIND_MS. */
export const PACER_BEHIND_SHARE = 0.01;
/** How long a window is: the lateness of each is judged on its own, so a slow start does not taint the rest. */
export const PACER_WINDOW_MS = 5_000;
/** A window with fewer paced items than this is not judged: a handful of streams says little about a stall. */
export const PACER_MIN_ITEMS = 100;
/** At most one warning in this long, however long the pacer stays behind. */
export const PACER_WARN_EVERY_MS = 30_000;

/** What one window showed of a kind of item (first tokens, or the gaps after them). */
export interface PacerWindowKind {
  /** Items written in the window. */
  items: number;
  /** Of those, the share written more than PACER_BEHIND_MS after they were due, 0 to 1. */
  lateShare: number;
}

/** A window in which the pacer fell behind: given to the warning. */
export interface PacerBehind {
  windowMs: number;
  thresholdMs: number;
  ttft: PacerWindowKind;
  gap: PacerWindowKind;
}

/**
 * The pacer's own lateness: for each paced chunk, how long after its due time it was written to the socket.
 * This is the simulator's side of a stream's timing; a load generator that sees worse than this is itself the
 * limit (or the network between them is). Exposed as `aoai_sim_pacer_lateness_seconds{kind="ttft"|"gap"}`.
 *
 * Observing is a bucket search and a few additions into typed arrays, no allocation: it runs once per chunk, a
 * hundred thousand times a second at 10,000 streams. The windowed counts that decide the warning are judged when
 * an observation finds its window over, so no timer runs while nothing streams.
 */
export class PacerLateness implements PacerLatenessObserver {
  readonly #histogram: LatencyHistogram<'kind'>;
  readonly #ttft: HistogramSeries;
  readonly #gap: HistogramSeries;
  /** Per kind (0 ttft, 1 gap): items in the window, and items later than PACER_BEHIND_MS. */
  readonly #window = new Float64Array(4);
  readonly #behindSeconds = PACER_BEHIND_MS / 1000;
  #windowStart = Number.NaN;
  #lastWarning = Number.NEGATIVE_INFINITY;
  #onBehind: ((behind: PacerBehind) => void) | undefined;

  constructor(registry: Registry) {
    const histogram = (this.#histogram = new LatencyHistogram({
      name: METRIC_NAMES.pacerLateness,
      help: 'How long after its due time each paced chunk was written: kind="ttft" for a stream\'s first token, kind="gap" for the chunks after it',
      labelNames: ['kind'],
      buckets: PACER_LATENESS_BUCKETS_SECONDS,
      registry,
    }));
    this.#ttft = histogram.labels('ttft');
    this.#gap = histogram.labels('gap');
  }

  /** Called (at most once per PACER_WARN_EVERY_MS) with a window in which the pacer fell behind. */
  onBehind(listener: ((behind: PacerBehind) => void) | undefined): void {
    this.#onBehind = listener;
  }

  observe(first: boolean, lateMs: number, now: number): void {
    if (!(now - this.#windowStart < PACER_WINDOW_MS)) this.#closeWindow(now);
    const seconds = lateMs > 0 ? lateMs / 1000 : 0;
    (first ? this.#ttft : this.#gap).observe(seconds);
    const at = first ? 0 : 2;
    const window = this.#window;
    window[at]!++;
    if (seconds > this.#behindSeconds) window[at + 1]!++;
  }

  /** Zeroes the histogram (the window that decides the warning runs on). */
  reset(): void {
    this.#histogram.reset();
  }

  #closeWindow(now: number): void {
    const window = this.#window;
    const windowMs = now - this.#windowStart;
    const kind = (at: number): PacerWindowKind => ({
      items: window[at]!,
      lateShare: window[at]! > 0 ? Math.round((window[at + 1]! / window[at]!) * 10_000) / 10_000 : 0,
    });
    if (this.#onBehind !== undefined && windowMs >= PACER_WINDOW_MS && now - this.#lastWarning >= PACER_WARN_EVERY_MS) {
      const ttft = kind(0);
      const gap = kind(2);
      const behind = (k: PacerWindowKind) => k.items >= PACER_MIN_ITEMS && k.lateShare > PACER_BEHIND_SHARE;
      if (behind(ttft) || behind(gap)) {
        this.#lastWarning = now;
        this.#onBehind({ windowMs: Math.round(windowMs), thresholdMs: PACER_BEHIND_MS, ttft, gap });
      }
    }
    window.fill(0);
    this.#windowStart = now;
  }
}

/** The warning's text: what fell behind, by how much, and what to do about it. */
export function describeBehind(behind: PacerBehind): string {
  const part = (name: string, k: PacerWindowKind) => `${(k.lateShare * 100).toFixed(1)}% of ${k.items.toLocaleString('en')} ${name}`;
  return (
    `the stream pacer is falling behind: over the last ${(behind.windowMs / 1000).toFixed(0)} s, ` +
    `${part('first tokens', behind.ttft)} and ${part('chunks', behind.gap)} went out more than ${behind.thresholdMs} ms after they were due ` +
    `(aoai_sim_pacer_lateness_seconds). This process cannot hold its streams' timing: run fewer concurrent streams ` +
    `per simulator, or more replicas or --workers (see docs/performance.md)`
  );
}
