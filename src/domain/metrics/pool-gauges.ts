/** The gauges of SPEC §15 computed from one read of the pool and the queue. */
import type { QueueGroup, RunnerLoad } from '../../ports/model/queue.js';
import type { Runner } from '../../ports/model/runner.js';
import { readyRunners } from '../jobs/runner-availability.js';
import { isRunnerOnline } from '../runners/is-runner-online.js';
import { isExpiringSoon } from '../runners/token-expiry.js';

export interface GaugeSeries {
  labels: Record<string, string>;
  value: number;
}

export interface PoolGauges {
  queueDepth: GaugeSeries[];
  queueDepthByLabels: GaugeSeries[];
  /** Per queued label set, the runners `admin runner queue` counts as matching (0: nobody can run it). */
  queueMatchingRunners: GaugeSeries[];
  runnerOnline: GaugeSeries[];
  runnerStaleTotal: GaugeSeries[];
  runnerDraining: GaugeSeries[];
  runnerCapacity: GaugeSeries[];
  runnerActiveJobs: GaugeSeries[];
}

/**
 * Builds every pool gauge. Runners are labelled by name (bounded by the pool, never a job
 * id); revoked runners are left out. The `runs` series of `queue_depth` appears when the
 * caller knows the count of queued runs.
 */
export function computePoolGauges(input: {
  loads: readonly RunnerLoad[];
  groups: readonly QueueGroup[];
  queuedRuns?: number;
  now: Date;
  staleAfterMs: number;
}): PoolGauges {
  const live = input.loads.filter((l) => l.runner.revokedAt === null);
  const per = (value: (l: RunnerLoad) => number) =>
    live.map((l) => ({ labels: { runner: l.runner.name }, value: value(l) }));
  const queuedJobs = input.groups.reduce((sum, g) => sum + g.queuedJobs, 0);
  const stale = live.filter(
    (l) => l.runner.status !== 'offline' && !isRunnerOnline(l.runner, input.now, input.staleAfterMs),
  ).length;
  return {
    queueDepth: [
      ...(input.queuedRuns === undefined ? [] : [{ labels: { resource: 'runs' }, value: input.queuedRuns }]),
      { labels: { resource: 'jobs' }, value: queuedJobs },
    ],
    queueDepthByLabels: input.groups.map((g) => ({ labels: { labels: labelSet(g) }, value: g.queuedJobs })),
    queueMatchingRunners: input.groups.map((g) => ({
      labels: { labels: labelSet(g) },
      value: readyRunners(g.runsOn, input.loads, input.now, input.staleAfterMs).length,
    })),
    runnerOnline: per((l) => (isRunnerOnline(l.runner, input.now, input.staleAfterMs) ? 1 : 0)),
    runnerStaleTotal: [{ labels: {}, value: stale }],
    runnerDraining: per((l) => (l.runner.drainingAt ? 1 : 0)),
    runnerCapacity: per((l) => l.runner.capacity),
    runnerActiveJobs: per((l) => l.runningJobs),
  };
}

/**
 * `runner_tokens_expiring`: runners, revoked ones left out, whose registration token stops
 * working within 7 days (`isExpiringSoon`) — rotate them before they go offline.
 */
export function computeTokenExpiryGauge(
  runners: readonly { runner: Pick<Runner, 'revokedAt'>; tokenExpiresAt: Date | null }[],
  now: Date,
): GaugeSeries[] {
  const soon = runners.filter((r) => r.runner.revokedAt === null && isExpiringSoon(r.tokenExpiresAt, now));
  return [{ labels: {}, value: soon.length }];
}

const labelSet = (group: QueueGroup): string => (group.runsOn.length > 0 ? group.runsOn.join(',') : '(none)');
