/**
 * The Metrics port on prom-client (SPEC §15): every counter, histogram and gauge is declared
 * here once, with its labels, under the `shithub_actions_` prefix, next to the default
 * process metrics. `/metrics` renders `registry.metrics()`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CounterName, GaugeName, HistogramName, MetricLabels, Metrics } from '../../ports/metrics.js';

const PREFIX = 'shithub_actions_';

/** `initial`: series shown at 0 from the start (a sweep that has not run yet still shows its kinds). */
const COUNTERS: Record<CounterName, { help: string; labels: string[]; initial?: MetricLabels[] }> = {
  runner_registrations_total: { help: 'Runners registered.', labels: [] },
  runner_heartbeats_total: {
    help: 'Runner heartbeats by result (claimed, no_job, rejected).',
    labels: ['result'],
  },
  runner_jwt_total: { help: 'Job JWTs by result (issued, rejected, replay).', labels: ['result'] },
  jobs_cancelled_total: { help: 'Jobs cancelled, by reason.', labels: ['reason'] },
  log_scrub_replacements_total: {
    help: 'Secret occurrences replaced in logs, by location.',
    labels: ['location'],
  },
  log_chunks_total: { help: 'Log chunks accepted.', labels: ['location'] },
  log_chunk_bytes_total: { help: 'Log bytes accepted.', labels: ['location'] },
  step_timeouts_total: { help: 'Steps that ended timed_out.', labels: [] },
  runs_pruned_total: {
    help: 'Rows and objects removed by the retention sweep, by kind.',
    labels: ['kind'],
    initial: [{ kind: 'chunks' }, { kind: 'blobs' }, { kind: 'runs' }, { kind: 'jwt_used' }],
  },
  runs_enqueued_total: {
    help: 'Workflow runs enqueued, by event and result (fresh, already_exists).',
    labels: ['event', 'result'],
  },
  runs_completed_total: {
    help: 'Workflow runs completed, by event and conclusion.',
    labels: ['event', 'conclusion'],
  },
  steps_completed_total: {
    help: 'Steps completed, by step type and conclusion.',
    labels: ['step_type', 'conclusion'],
  },
  runner_revocations_total: { help: 'Runners revoked.', labels: [] },
};

const HISTOGRAMS: Record<HistogramName, { help: string; labels: string[]; buckets: number[] }> = {
  job_claim_latency_seconds: {
    help: 'Time from job creation to its claim.',
    labels: [],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  },
  run_duration_seconds: {
    help: 'Workflow run duration from start (or creation) to completion.',
    labels: ['event', 'conclusion'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600],
  },
};

const GAUGES: Record<GaugeName, { help: string; labels: string[] }> = {
  queue_depth: { help: 'Queued runs and jobs.', labels: ['resource'] },
  queue_depth_by_labels: { help: 'Queued jobs by requested label set.', labels: ['labels'] },
  queue_matching_runners: {
    help: 'Runners that would claim a queued label set now (online, not draining), by label set.',
    labels: ['labels'],
  },
  runner_online: { help: '1 when the runner heartbeated recently and is not revoked.', labels: ['runner'] },
  runner_stale_total: { help: 'Runners whose last heartbeat is older than runner_stale_after.', labels: [] },
  runner_draining: { help: '1 while the runner is drained.', labels: ['runner'] },
  runner_capacity: { help: 'Jobs the runner may run at once.', labels: ['runner'] },
  runner_active_jobs: { help: 'Jobs running on the runner.', labels: ['runner'] },
  runner_tokens_expiring: {
    help: 'Runners (not revoked) whose registration token expires within 7 days.',
    labels: [],
  },
};

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly gauges = new Map<string, Gauge>();

  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    for (const [name, d] of Object.entries(COUNTERS)) {
      const counter = new Counter({ name: PREFIX + name, help: d.help, labelNames: d.labels, registers });
      for (const labels of d.initial ?? []) counter.inc(labels, 0);
      this.counters.set(name, counter);
    }
    for (const [name, d] of Object.entries(HISTOGRAMS)) {
      this.histograms.set(
        name,
        new Histogram({
          name: PREFIX + name,
          help: d.help,
          labelNames: d.labels,
          buckets: d.buckets,
          registers,
        }),
      );
    }
    for (const [name, d] of Object.entries(GAUGES)) {
      this.gauges.set(
        name,
        new Gauge({ name: PREFIX + name, help: d.help, labelNames: d.labels, registers }),
      );
    }
  }

  increment(name: CounterName, labels: MetricLabels = {}, by = 1): void {
    this.counters.get(name)?.inc(labels, by);
  }

  observe(name: HistogramName, value: number, labels: MetricLabels = {}): void {
    this.histograms.get(name)?.observe(labels, value);
  }

  replaceGauge(name: GaugeName, series: { labels: MetricLabels; value: number }[]): void {
    const gauge = this.gauges.get(name);
    if (!gauge) return;
    gauge.reset();
    for (const s of series) gauge.set(s.labels, s.value);
  }

  /** The text exposition format for `GET /metrics`. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
