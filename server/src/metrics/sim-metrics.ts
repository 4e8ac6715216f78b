import { registerBatchMetrics, type BatchStats } from './batch-instruments.ts';
import { registerQuotaMetrics, type QuotaSource } from './quota-instruments.ts';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { DeploymentSeriesCache, type SeriesAddress } from './deployment-series.ts';
import { PacerLateness } from './pacer-lateness.ts';
import { RealtimeTallies } from './realtime-instruments.ts';
import type { JournalSource } from './journal-source.ts';
import { statusLabel } from './label-values.ts';
import { createInstruments, TALLIES, type SimInstruments, type StateSource, type StoreSize } from './sim-instruments.ts';

/** One answered request, as observeRequest() counts it at its SeriesAddress. */
export interface RequestObservation {
  /** The operation (chat, completions, embeddings, …), or NO_OPERATION. */
  operation: string;
  /** The HTTP status sent; anything that is not an HTTP status (e.g. 0 for a reset) counts as NO_STATUS. */
  status: number;
  /** From the answer's usage; absent when the answer had none. */
  promptTokens?: number;
  completionTokens?: number;
  /** Time to the first byte of the answer, ms; absent when nothing was sent. */
  ttftMs?: number;
  /** Time to the end of the answer, ms. */
  totalMs: number;
}

/** Why the rate limits refused a request: the token quota (TPM, PTU) or the request quota (RPM, burst). */
export type RateLimitReason = 'tokens' | 'requests';

/** How a SimMetrics is set up. */
export interface SimMetricsOptions {
  /**
   * Also expose prom-client's default process and Node.js metrics (process_cpu_seconds_total,
   * nodejs_eventloop_lag_seconds, …), under their standard unprefixed names so stock dashboards work.
   * Off by default: each collector installs an event-loop monitor and a GC observer that cannot be
   * removed, so only a process's one long-lived simulator (the CLI's) should turn it on.
   */
  processMetrics?: boolean;
  /**
   * How many distinct values each capped label gets before the rest are counted as OVERFLOW_LABEL: resource and
   * deployment pairs, resources of requests that named no known deployment, and within a deployment its operations
   * and its faults. Default 256.
   */
  maxLabelValues?: number;
}

const DEFAULT_MAX_LABEL_VALUES = 256;

/**
 * The simulator's Prometheus metrics, in a registry of its own, never prom-client's global one, since
 * several simulators can run in one process and each must count only its own traffic.
 */
export class SimMetrics {
  /** The registry every metric lives in; for merging with other registries. */
  readonly registry: Registry;
  /** The Realtime API's events and audio seconds, which each session counts as they pass. */
  readonly realtime: RealtimeTallies;
  /** How late the stream pacer writes its chunks: what paced streams tell (see PacerLateness). */
  readonly pacerLateness: PacerLateness;
  private readonly instruments: SimInstruments;
  private readonly deployments: DeploymentSeriesCache;
  private journal: JournalSource | undefined;
  private state: StateSource | undefined;
  private filesEvicted: () => number = () => 0;
  private batches: (() => BatchStats) | undefined;
  private quotas: QuotaSource | undefined;
  private webhookAttempts: () => Readonly<Record<string, number>> = () => ({});
  private stores: () => Readonly<Record<string, StoreSize>> = () => ({});

  constructor(options: SimMetricsOptions = {}) {
    this.registry = new Registry();
    this.instruments = createInstruments(
      this.registry,
      () => this.journal,
      () => this.state,
      () => this.filesEvicted(),
      () => this.webhookAttempts(),
      () => this.stores(),
    );
    registerBatchMetrics(this.registry, () => this.batches?.());
    const maxLabelValues = options.maxLabelValues ?? DEFAULT_MAX_LABEL_VALUES;
    registerQuotaMetrics(this.registry, () => this.quotas, maxLabelValues);
    this.realtime = new RealtimeTallies(this.registry);
    this.pacerLateness = new PacerLateness(this.registry);
    this.deployments = new DeploymentSeriesCache(this.instruments, maxLabelValues);
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Counts an answered request under its resource, region and deployment: its status, its tokens, its latencies.
   * Invalid figures (negative, NaN) are skipped rather than thrown: a metrics slip must never fail the request
   * being measured.
   */
  observeRequest(at: SeriesAddress, observation: RequestObservation): void {
    const series = this.deployments.of(at).operations.get(observation.operation);
    series.requests.get(statusLabel(observation.status)).inc();
    const { promptTokens, completionTokens, ttftMs, totalMs } = observation;
    if (isCount(promptTokens)) series.promptTokens.inc(promptTokens);
    if (isCount(completionTokens)) series.completionTokens.inc(completionTokens);
    if (ttftMs !== undefined && Number.isFinite(ttftMs)) series.ttft.observe(Math.max(0, ttftMs) / 1000);
    if (Number.isFinite(totalMs)) series.requestDuration.observe(Math.max(0, totalMs) / 1000);
  }

  /** Counts a request the rate limits refused. */
  rateLimited(at: SeriesAddress, reason: RateLimitReason): void {
    const series = this.deployments.of(at);
    (reason === 'tokens' ? series.rateLimitedTokens : series.rateLimitedRequests).inc();
  }

  /** Counts an injected fault, named by its source (the FaultInjector's "fault:NAME" or "incident:NAME"). */
  faultInjected(at: SeriesAddress, fault: string): void {
    this.deployments.of(at).faults.get(fault).inc();
  }

  /**
   * Counts a stream as open until the returned callback is called; calling it again does nothing, so it
   * can sit in both a 'close' and an 'error' handler.
   */
  streamStarted(at: SeriesAddress): () => void {
    return countOpen(this.deployments.of(at).streamsInFlight);
  }

  /** Counts a Realtime API session as open until the returned callback is called (once; again does nothing). */
  realtimeSessionOpened(at: { resource: string; deployment: string }): () => void {
    return countOpen(this.instruments.realtimeSessions.labels(at.resource, at.deployment));
  }

  /** Where the journal metrics come from at each scrape; undefined detaches, and they read 0. */
  setJournalSource(source: JournalSource | undefined): void {
    this.journal = source;
  }

  /** The shared store whose availability and fallbacks the state metrics report (a StateGuard), read at scrape time. */
  setStateSource(source: StateSource | undefined): void {
    this.state = source;
  }

  /** Where aoai_sim_files_evicted_total is read from at each scrape: the file store's running total. */
  setFilesSource(evicted: () => number): void {
    this.filesEvicted = evicted;
  }

  /** Where the batch metrics (batches by status, lines, enqueued tokens) are read from at each scrape. */
  setBatchSource(stats: () => BatchStats): void {
    this.batches = stats;
  }

  /**
   * Where the quota series (aoai_sim_quota_limit, _used, _remaining, aoai_sim_ptu_utilization_ratio) are read from
   * at each scrape: the limits report, which reads the shared store when there is one. Nothing is counted per request.
   */
  setQuotaSource(source: QuotaSource): void {
    this.quotas = source;
  }

  /** Where aoai_sim_webhook_attempts_total is read from at each scrape: the attempt log's running totals by outcome. */
  setWebhooksSource(totals: () => Readonly<Record<string, number>>): void {
    this.webhookAttempts = totals;
  }

  /**
   * Where aoai_sim_store_entries and aoai_sim_store_bytes are read from at each scrape: each bounded store's size,
   * by the store's name. What a load test leaves in memory, to set server.memory's bounds by.
   */
  setStoresSource(sizes: () => Readonly<Record<string, StoreSize>>): void {
    this.stores = sizes;
  }

  /** The exposition text (Prometheus text format 0.0.4) and the content type to serve it with. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * Zeroes the tallies: requests, tokens, rate limits, faults, realtime events and audio, and the histograms. streams_in_flight is a
   * level, not a tally, and is kept: zeroing it would drive it negative as the open streams end. The journal
   * metrics are read from the journal itself, and the process metrics describe the process.
   */
  reset(): void {
    for (const counts of Object.values(this.instruments.pending)) counts.drop();
    for (const name of TALLIES) this.instruments[name].reset();
    this.realtime.reset();
    this.pacerLateness.reset();
  }
}

function isCount(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}

/** Counts one more open on `gauge` until the returned callback is called; calling it again does nothing. */
function countOpen(gauge: { inc(): void; dec(): void }): () => void {
  gauge.inc();
  let open = true;
  return () => {
    if (!open) return;
    open = false;
    gauge.dec();
  };
}
