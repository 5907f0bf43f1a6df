import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../../src/adapters/metrics/prometheus-metrics.js';

const SPEC_NAMES = [
  'runner_registrations_total',
  'runner_heartbeats_total',
  'runner_jwt_total',
  'jobs_cancelled_total',
  'log_scrub_replacements_total',
  'log_chunks_total',
  'log_chunk_bytes_total',
  'step_timeouts_total',
  'runs_pruned_total',
  'runs_enqueued_total',
  'runs_completed_total',
  'steps_completed_total',
  'runner_revocations_total',
  'job_claim_latency_seconds',
  'run_duration_seconds',
  'queue_depth',
  'queue_depth_by_labels',
  'queue_matching_runners',
  'runner_online',
  'runner_stale_total',
  'runner_draining',
  'runner_capacity',
  'runner_active_jobs',
  'runner_tokens_expiring',
];

describe('Prometheus metrics', () => {
  it('exposes every metric of SPEC §15 with the shithub_actions_ prefix', async () => {
    const text = await new PrometheusMetrics({ processMetrics: false }).render();
    for (const name of SPEC_NAMES) expect(text).toContain(`# TYPE shithub_actions_${name} `);
  });

  it('counts with labels and replaces gauge series on refresh', async () => {
    const m = new PrometheusMetrics({ processMetrics: false });
    m.increment('runner_heartbeats_total', { result: 'claimed' });
    m.increment('runner_heartbeats_total', { result: 'claimed' });
    m.observe('job_claim_latency_seconds', 0.02);
    m.replaceGauge('runner_online', [
      { labels: { runner: 'runner-1' }, value: 1 },
      { labels: { runner: 'runner-2' }, value: 0 },
    ]);
    m.replaceGauge('runner_online', [{ labels: { runner: 'runner-1' }, value: 1 }]);
    const text = await m.render();
    expect(text).toContain('shithub_actions_runner_heartbeats_total{result="claimed"} 2');
    expect(text).toContain('shithub_actions_job_claim_latency_seconds_count 1');
    expect(text).toContain('shithub_actions_runner_online{runner="runner-1"} 1');
    expect(text).not.toContain('runner-2');
  });

  it('includes the default process metrics', async () => {
    expect(await new PrometheusMetrics().render()).toContain('process_cpu_user_seconds_total');
  });
});
