/**
 * The background loops of SPEC §10.6. Each one calls a domain sweep that locks and re-checks
 * every row it changes, so every replica may run every loop at once. A failing round is
 * logged and the loop goes on; `stop()` waits for a round in flight.
 */
import type { Logger } from 'pino';
import { isDomainError } from '../../domain/errors.js';
import { convergeCancellations } from '../../domain/jobs/converge-cancellations.js';
import { expireOverdueJobs } from '../../domain/jobs/expire-overdue-jobs.js';
import { recoverLostRunners } from '../../domain/jobs/lost-runners.js';
import { finaliseDueLogs } from '../../domain/logs/finalise-due-logs.js';
import { computePoolGauges, computeTokenExpiryGauge } from '../../domain/metrics/pool-gauges.js';
import { sweepRetention } from '../../domain/retention/sweep-retention.js';
import { isSweepDue } from '../../domain/retention/sweep-schedule.js';
import { notifyJobsFinished } from '../../domain/runner-api/wake-runners.js';
import { sweepEndedSessions } from '../../domain/sessions/sign-in.js';
import { LOG_FINALISATION_LOCK } from '../../domain/storage/lock-ids.js';
import { fireDueSchedules } from '../../domain/triggers/fire-due-schedules.js';
import { retryPendingTriggers } from '../../domain/triggers/retry-pending-triggers.js';
import { newScheduleMemory } from '../../domain/triggers/scheduled-workflows.js';
import type { Metrics } from '../../ports/metrics.js';
import type { AdminDeps } from './admin/admin-deps.js';
import type { ServerConfig } from './config.js';

interface Loop {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

export interface RunningLoops {
  /** Runs every loop once now (tests and start-up). */
  runAll(): Promise<void>;
  stop(): Promise<void>;
}

export function startLoops(
  deps: AdminDeps & { metrics: Metrics },
  config: ServerConfig,
  logger: Logger,
): RunningLoops {
  const memory = newScheduleMemory();
  // Lost-runner recovery counts a runner's silence only from here (see recoverLostRunners).
  const listeningSince = deps.clock.now();
  const loops: Loop[] = [
    { name: 'deadline-reaper', everyMs: 15_000, run: () => expireOverdueJobs(deps) },
    {
      name: 'lost-runner-recovery',
      everyMs: 15_000,
      run: () => recoverLostRunners(deps, { lostAfterMs: config.actions.runnerLostAfterMs, listeningSince }),
    },
    {
      name: 'cancel-convergence',
      everyMs: 15_000,
      run: () => convergeCancellations(deps, { afterMs: config.actions.runnerLostAfterMs }),
    },
    { name: 'metrics-gauges', everyMs: 15_000, run: () => refreshGauges(deps, config) },
    // A push or pull request whose processing failed (SPEC §5: a push is never lost).
    {
      name: 'trigger-retry',
      everyMs: 30_000,
      run: () => retryPendingTriggers(deps, { minAgeMs: 30_000, limit: 100 }),
    },
    // `schedule:` crons; the trigger id per fire time makes replicas create one run.
    {
      name: 'schedules',
      everyMs: 60_000,
      run: async () => {
        const round = await fireDueSchedules(deps, {
          now: deps.clock.now(),
          lookbackMs: 15 * 60_000,
          maxRepos: 500,
          memory,
        });
        for (const f of round.failed)
          logger.error({ loop: 'schedules', repo_id: f.repoId, err: f.error }, 'scheduled trigger failed');
      },
    },
    // Web UI sessions that expired or were revoked a day ago or more.
    {
      name: 'session-sweep',
      everyMs: 3_600_000,
      run: () => sweepEndedSessions(deps, { graceMs: 86_400_000 }),
    },
  ];
  loops.push(...storageLoops(deps, logger));
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const once = (loop: Loop): Promise<void> => {
    const round = loop
      .run()
      .then((result) => {
        const finalised = (result as { finalisedJobIds?: number[] } | undefined)?.finalisedJobIds;
        if (!finalised?.length) return;
        logger.info({ loop: loop.name, jobs: finalised.length }, 'background loop finalised jobs');
        // Capacity came free and dependents may be unblocked: waiting heartbeats retry.
        if (deps.wake) void notifyJobsFinished({ wake: deps.wake });
      })
      .catch((err: Error) =>
        logger.error({ loop: loop.name, err: { message: err.message } }, 'background loop failed'),
      )
      .finally(() => inFlight.delete(round));
    inFlight.add(round);
    return round;
  };

  for (const loop of loops) {
    const timer = setInterval(() => {
      if (!stopped) void once(loop);
    }, loop.everyMs);
    timer.unref();
    timers.push(timer);
  }

  return {
    runAll: async () => {
      await Promise.all(loops.map(once));
    },
    stop: async () => {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all(inFlight);
    },
  };
}

async function refreshGauges(deps: AdminDeps & { metrics: Metrics }, config: ServerConfig): Promise<void> {
  const [loads, groups, runners] = await Promise.all([
    deps.queue.listRunnerLoads(),
    deps.queue.listQueueGroups(),
    deps.runners.listWithLoad(),
  ]);
  const g = computePoolGauges({
    loads,
    groups,
    now: deps.clock.now(),
    staleAfterMs: config.actions.runnerStaleAfterMs,
  });
  deps.metrics.replaceGauge('queue_depth', g.queueDepth);
  deps.metrics.replaceGauge('queue_depth_by_labels', g.queueDepthByLabels);
  deps.metrics.replaceGauge('queue_matching_runners', g.queueMatchingRunners);
  deps.metrics.replaceGauge('runner_online', g.runnerOnline);
  deps.metrics.replaceGauge('runner_stale_total', g.runnerStaleTotal);
  deps.metrics.replaceGauge('runner_draining', g.runnerDraining);
  deps.metrics.replaceGauge('runner_capacity', g.runnerCapacity);
  deps.metrics.replaceGauge('runner_active_jobs', g.runnerActiveJobs);
  deps.metrics.replaceGauge('runner_tokens_expiring', computeTokenExpiryGauge(runners, deps.clock.now()));
}

/**
 * Log finalisation (drains the outbox every 5 s; one replica at a time, the others skip the
 * round) and the daily 03:30 UTC retention sweep (checked every minute on the clock; one
 * replica sweeps, the others find the lock held and skip that day's slot).
 */
function storageLoops(deps: AdminDeps & { metrics: Metrics }, logger: Logger): Loop[] {
  let lastCheck = deps.clock.now();
  return [
    {
      name: 'log-finalisation',
      everyMs: 5_000,
      run: async () => {
        const locked = await deps.locks.run(LOG_FINALISATION_LOCK, () =>
          finaliseDueLogs(deps, { limit: 200 }),
        );
        for (const f of locked.acquired ? locked.value.failed : []) {
          logger.warn(
            { loop: 'log-finalisation', step_id: f.stepId, err: { message: f.error } },
            'log finalisation failed',
          );
        }
      },
    },
    {
      name: 'retention-sweep',
      everyMs: 60_000,
      run: async () => {
        const now = deps.clock.now();
        const due = isSweepDue(lastCheck, now);
        lastCheck = now;
        if (!due) return;
        try {
          const report = await sweepRetention(deps, { policy: deps.retentionPolicy, dryRun: false });
          logger.info(
            { loop: 'retention-sweep', ...report.counts, failures: report.failures },
            'retention sweep done',
          );
        } catch (err) {
          if (!isDomainError(err) || err.code !== 'retention.sweep_running') throw err;
          logger.info({ loop: 'retention-sweep' }, 'another replica is sweeping');
        }
      },
    },
  ];
}
