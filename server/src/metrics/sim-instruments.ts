import { Counter, Gauge, type Registry } from 'prom-client';
import type { JournalSource } from './journal-source.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { PendingCounts } from './pending-counts.ts';
import { LATENCY_BUCKETS_SECONDS, METRIC_NAMES } from './metric-names.ts';

/** The simulator's prom-client metrics, registered in one registry. */
export interface SimInstruments {
  requests: Counter<DeploymentLabel | 'operation' | 'status'>;
  promptTokens: Counter<DeploymentLabel | 'operation'>;
  completionTokens: Counter<DeploymentLabel | 'operation'>;
  rateLimited: Counter<DeploymentLabel | 'reason'>;
  faultsInjected: Counter<DeploymentLabel | 'fault'>;
  ttft: LatencyHistogram<DeploymentLabel | 'operation'>;
  requestDuration: LatencyHistogram<DeploymentLabel | 'operation'>;
  streamsInFlight: Gauge<DeploymentLabel>;
  journalEntries: Gauge;
  journalBytes: Gauge;
  journalDropped: Counter;
  storeEntries: Gauge<'store'>;
  storeBytes: Gauge<'store'>;
  stateFallbacks: Counter;
  stateShared: Gauge;
  filesEvicted: Counter;
  webhookAttempts: Counter<'outcome'>;
  realtimeSessions: Gauge<'resource' | 'deployment'>;
  /** The series of the three per-request counters, counted apart and flushed into them when they are read. */
  pending: { requests: PendingCounts; promptTokens: PendingCounts; completionTokens: PendingCounts };
}

/** The labels that say where a request was served, first on every per-request series, in this order. */
type DeploymentLabel = 'resource' | 'region' | 'deployment';
const DEPLOYMENT_LABELS = ['resource', 'region', 'deployment'] as const;

/** Every tally, for reset(): the metrics that reset() zeroes, tallies of what happened, not levels of what is. */
export const TALLIES = [
  'requests',
  'promptTokens',
  'completionTokens',
  'rateLimited',
  'faultsInjected',
  'ttft',
  'requestDuration',
] as const;

/**
 * Creates the metrics in the registry. The journal metrics read `journal()` at scrape time (none set reads
 * as zeros), so the journal never has to push.
 */
export function createInstruments(
  registry: Registry,
  journal: () => JournalSource | undefined,
  state: () => StateSource | undefined = () => undefined,
  filesEvicted: () => number = () => 0,
  webhookAttempts: () => Readonly<Record<string, number>> = () => ({}),
  stores: () => Readonly<Record<string, StoreSize>> = () => ({}),
): SimInstruments {
  const registers = [registry];
  const zeros = { entries: 0, bytes: 0, dropped: 0 };
  const read = () => journal()?.() ?? zeros;
  const pending = { requests: new PendingCounts(), promptTokens: new PendingCounts(), completionTokens: new PendingCounts() };
  return {
    pending,
    requests: new Counter({
      name: METRIC_NAMES.requests,
      help: 'Requests answered, by resource, region, deployment, operation and HTTP status ("0": no status was sent).',
      labelNames: [...DEPLOYMENT_LABELS, 'operation', 'status'] as const,
      registers,
      collect: () => pending.requests.flush(),
    }),
    promptTokens: new Counter({
      name: METRIC_NAMES.promptTokens,
      help: 'Prompt tokens of answered requests, as their usage reports them.',
      labelNames: [...DEPLOYMENT_LABELS, 'operation'] as const,
      registers,
      collect: () => pending.promptTokens.flush(),
    }),
    completionTokens: new Counter({
      name: METRIC_NAMES.completionTokens,
      help: 'Completion tokens of answered requests, as their usage reports them.',
      labelNames: [...DEPLOYMENT_LABELS, 'operation'] as const,
      registers,
      collect: () => pending.completionTokens.flush(),
    }),
    rateLimited: new Counter({
      name: METRIC_NAMES.rateLimited,
      help: 'Requests refused with 429 by the rate limits, by the limit hit (tokens or requests).',
      labelNames: [...DEPLOYMENT_LABELS, 'reason'] as const,
      registers,
    }),
    faultsInjected: new Counter({
      name: METRIC_NAMES.faultsInjected,
      help: 'Faults injected, by their source: "fault:NAME" or "incident:NAME".',
      labelNames: [...DEPLOYMENT_LABELS, 'fault'] as const,
      registers,
    }),
    ttft: new LatencyHistogram({
      name: METRIC_NAMES.ttft,
      help: 'Time to first token (first byte of the answer), in seconds.',
      labelNames: [...DEPLOYMENT_LABELS, 'operation'] as const,
      buckets: LATENCY_BUCKETS_SECONDS,
      registry,
    }),
    requestDuration: new LatencyHistogram({
      name: METRIC_NAMES.requestDuration,
      help: 'Time from the request to the end of its answer, in seconds.',
      labelNames: [...DEPLOYMENT_LABELS, 'operation'] as const,
      buckets: LATENCY_BUCKETS_SECONDS,
      registry,
    }),
    streamsInFlight: new Gauge({
      name: METRIC_NAMES.streamsInFlight,
      help: 'Streamed answers open now.',
      labelNames: DEPLOYMENT_LABELS,
      registers,
    }),
    journalEntries: new Gauge({
      name: METRIC_NAMES.journalEntries,
      help: 'Entries the request journal holds now.',
      registers,
      collect() {
        this.set(count(read().entries));
      },
    }),
    journalBytes: new Gauge({
      name: METRIC_NAMES.journalBytes,
      help: 'Bytes the request journal holds now.',
      registers,
      collect() {
        this.set(count(read().bytes));
      },
    }),
    journalDropped: new Counter({
      name: METRIC_NAMES.journalDropped,
      help: 'Journal entries evicted or refused since the journal started.',
      registers,
      collect() {
        // A counter cannot be set; the journal keeps the running total, so mirror it. A smaller total
        // (a new journal) reads to Prometheus as a counter reset, which is what it is.
        this.reset();
        this.inc(count(read().dropped));
      },
    }),
    storeEntries: new Gauge({
      name: METRIC_NAMES.storeEntries,
      help: 'Entries each bounded store (server.memory) holds now.',
      labelNames: ['store'] as const,
      registers,
      collect() {
        for (const [store, size] of Object.entries(stores())) this.set({ store }, count(size.entries));
      },
    }),
    storeBytes: new Gauge({
      name: METRIC_NAMES.storeBytes,
      help: 'Bytes each bounded store (server.memory) holds now, as it estimates them for its maxBytes bound.',
      labelNames: ['store'] as const,
      registers,
      collect() {
        for (const [store, size] of Object.entries(stores())) this.set({ store }, count(size.bytes));
      },
    }),
    stateFallbacks: new Counter({
      name: METRIC_NAMES.stateFallbacks,
      help: 'Steps (admissions, rule claims, stored-response reads and writes) served from this simulator’s own state because the shared state (Redis) was unavailable, under whenUnavailable fail-open.',
      registers,
      collect() {
        this.reset();
        this.inc(count(state()?.fallbacks ?? 0));
      },
    }),
    stateShared: new Gauge({
      name: METRIC_NAMES.stateShared,
      help: '1 while the shared state (Redis) answers; 0 while it is unavailable, or when the simulator keeps its state in memory.',
      registers,
      // summed over the workers of one process it would count each; shared means shared for all of them
      aggregator: 'min',
      collect() {
        this.set(state()?.shared ? 1 : 0);
      },
    }),
    filesEvicted: new Counter({
      name: METRIC_NAMES.filesEvicted,
      help: 'Files the Files API forgot to make room under server.files.maxBytes, oldest first, since the simulator started.',
      registers,
      collect() {
        // the store keeps the running total, as the journal does its dropped entries
        this.reset();
        this.inc(count(filesEvicted()));
      },
    }),
    webhookAttempts: new Counter({
      name: METRIC_NAMES.webhookAttempts,
      help: 'Webhook delivery attempts by outcome: delivered (2xx), failed (another status, a timeout, a connection error), dropped (not attempted: the queue of deliveries was full).',
      labelNames: ['outcome'] as const,
      registers,
      collect() {
        // the attempt log keeps the running totals, as the file store does its evictions
        this.reset();
        for (const [outcome, total] of Object.entries(webhookAttempts())) this.inc({ outcome }, count(total));
      },
    }),
    realtimeSessions: new Gauge({
      name: METRIC_NAMES.realtimeSessions,
      help: 'Realtime API sessions (WebSockets) open now.',
      labelNames: ['resource', 'deployment'] as const,
      registers,
    }),
  };
}

/** What a bounded store holds, read at scrape time (see StoreUsage in server/src/memory). */
export interface StoreSize {
  entries: number;
  bytes: number;
}

/** What the metrics read of a shared store at scrape time (see StateGuard). */
export interface StateSource {
  fallbacks: number;
  shared: boolean;
}

/** A journal figure fit to expose: a source's bug must not make a scrape throw or print NaN. */
function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
