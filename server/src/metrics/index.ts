/*
 * The simulator's Prometheus metrics: one SimMetrics per simulator, in a registry of its own. The metric
 * names are listed in docs/metrics.md.
 */
export type { BatchStats } from './batch-instruments.ts';
export { BoundedSeries } from './bounded-series.ts';
export type { ResourceLabels, SeriesAddress } from './deployment-series.ts';
export type { JournalSource, JournalStats } from './journal-source.ts';
export { NO_DEPLOYMENT, NO_OPERATION, NO_STATUS, OVERFLOW_LABEL, statusLabel } from './label-values.ts';
export { LATENCY_BUCKETS_SECONDS, METRIC_NAMES, PACER_LATENESS_BUCKETS_SECONDS } from './metric-names.ts';
export { describeBehind, PacerLateness, type PacerBehind, type PacerWindowKind } from './pacer-lateness.ts';
export type { RealtimeAudioDirection, RealtimeEventDirection, RealtimeTallies } from './realtime-instruments.ts';
export type { QuotaFigures, QuotaReading, QuotaSource } from './quota-instruments.ts';
export { parseExposition, sampleValue, type Exposition, type Sample } from './parse-exposition.ts';
export { SimMetrics, type RateLimitReason, type RequestObservation, type SimMetricsOptions } from './sim-metrics.ts';
