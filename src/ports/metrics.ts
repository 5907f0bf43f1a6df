/**
 * What the domain and the edges count (SPEC §15). Names are the metric names without the
 * `shithub_actions_` prefix; label values stay low-cardinality (never a run or job id).
 * Implementations never throw.
 */
export type CounterName =
  | 'runner_registrations_total'
  | 'runner_heartbeats_total'
  | 'runner_jwt_total'
  | 'jobs_cancelled_total'
  | 'log_scrub_replacements_total'
  | 'log_chunks_total'
  | 'log_chunk_bytes_total'
  | 'step_timeouts_total'
  | 'runs_pruned_total'
  | 'runs_enqueued_total'
  | 'runs_completed_total'
  | 'steps_completed_total'
  | 'runner_revocations_total';

export type HistogramName = 'job_claim_latency_seconds' | 'run_duration_seconds';

export type GaugeName =
  | 'queue_depth'
  | 'queue_depth_by_labels'
  | 'queue_matching_runners'
  | 'runner_online'
  | 'runner_stale_total'
  | 'runner_draining'
  | 'runner_capacity'
  | 'runner_active_jobs'
  | 'runner_tokens_expiring';

export type MetricLabels = Record<string, string>;

export interface Metrics {
  /** Adds `by` (default 1) to a counter. */
  increment(name: CounterName, labels?: MetricLabels, by?: number): void;
  /** Records one observation (seconds) in a histogram. */
  observe(name: HistogramName, value: number, labels?: MetricLabels): void;
  /** Replaces every series of a gauge with these (a refresh drops series that vanished). */
  replaceGauge(name: GaugeName, series: { labels: MetricLabels; value: number }[]): void;
}
