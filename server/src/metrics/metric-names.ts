/**
 * The names of the simulator's own metrics. They are a public interface (dashboards and alerts query them),
 * so they change only with a note in docs/metrics.md; a test holds that table and this list together.
 */
export const METRIC_NAMES = {
  requests: 'aoai_sim_requests_total',
  promptTokens: 'aoai_sim_prompt_tokens_total',
  completionTokens: 'aoai_sim_completion_tokens_total',
  rateLimited: 'aoai_sim_rate_limited_total',
  faultsInjected: 'aoai_sim_faults_injected_total',
  ttft: 'aoai_sim_ttft_seconds',
  requestDuration: 'aoai_sim_request_duration_seconds',
  streamsInFlight: 'aoai_sim_streams_in_flight',
  quotaLimit: 'aoai_sim_quota_limit',
  quotaUsed: 'aoai_sim_quota_used',
  quotaRemaining: 'aoai_sim_quota_remaining',
  ptuUtilization: 'aoai_sim_ptu_utilization_ratio',
  journalEntries: 'aoai_sim_journal_entries',
  journalBytes: 'aoai_sim_journal_bytes',
  journalDropped: 'aoai_sim_journal_dropped_total',
  storeEntries: 'aoai_sim_store_entries',
  storeBytes: 'aoai_sim_store_bytes',
  stateFallbacks: 'aoai_sim_state_fallbacks_total',
  stateShared: 'aoai_sim_state_shared',
  filesEvicted: 'aoai_sim_files_evicted_total',
  batches: 'aoai_sim_batches',
  batchLines: 'aoai_sim_batch_lines_total',
  batchEnqueuedTokens: 'aoai_sim_batch_enqueued_tokens',
  webhookAttempts: 'aoai_sim_webhook_attempts_total',
  realtimeSessions: 'aoai_sim_realtime_sessions_open',
  realtimeEvents: 'aoai_sim_realtime_events_total',
  realtimeAudioSeconds: 'aoai_sim_realtime_audio_seconds_total',
  pacerLateness: 'aoai_sim_pacer_lateness_seconds',
} as const;

/**
 * The upper bounds, in seconds, of both latency histograms: 5 ms to 60 s, denser between 100 ms and 1.5 s
 * where a model's time to first token usually falls, so its quantiles come out sharp there.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2.5, 5, 10, 20, 30, 60,
];

/**
 * The upper bounds, in seconds, of the pacer's lateness histogram: 1 ms (a timer's resolution) to 10 s, so that
 * both a pacer on time (under 2 ms) and one seconds behind under a flood of streams are told apart.
 */
export const PACER_LATENESS_BUCKETS_SECONDS: readonly number[] = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
