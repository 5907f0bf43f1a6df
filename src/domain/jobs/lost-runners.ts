/** Jobs whose runner is gone or no longer runs them (SPEC §10.5). */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Job } from '../../ports/model/run.js';
import { notFound } from '../errors.js';
import type { JobEnding } from './end-jobs.js';
import { type FinalisedJobs, finaliseEach } from './finalise-jobs.js';

type Deps = { lifecycle: JobLifecycle; clock: Clock };

const LOST: Omit<JobEnding, 'jobId'> = {
  status: 'completed',
  conclusion: 'failure',
  statusReason: 'runner_lost',
  steps: 'cancel',
};

/** A cancel requested before the runner was lost wins (SPEC §10.3): the job ends cancelled. */
const LOST_WHILE_CANCELLING: Omit<JobEnding, 'jobId'> = {
  status: 'cancelled',
  conclusion: 'cancelled',
  statusReason: 'runner_lost',
  steps: 'cancel',
};

function lostEnding(job: Job): Omit<JobEnding, 'jobId'> {
  return job.cancelRequested ? LOST_WHILE_CANCELLING : LOST;
}

/**
 * Ends completed/failure (status reason `runner_lost`, open steps cancelled, run rolled
 * up) — or cancelled/cancelled when its cancel was already requested — every job the
 * server has running on `runnerId` that `activeJobIds` does not list. Idempotent. A later report from that runner on such a job is a conflict.
 */
export async function reconcileActiveJobs(
  deps: Deps,
  input: { runnerId: number; activeJobIds: readonly number[] },
): Promise<FinalisedJobs> {
  const running = await deps.lifecycle.findRunningJobs({ runnerId: input.runnerId });
  const missing = running.filter((j) => !input.activeJobIds.includes(j.id));
  return finaliseMissing(deps, input.runnerId, missing, input.activeJobIds);
}

/**
 * Does the same for every running job whose runner has been silent longer than `lostAfterMs`
 * while this server could hear it: `listeningSince` is when the calling server started. A
 * runner cannot report to a server that is down, so silence before then does not count,
 * and the sweep finds nothing until the server has listened `lostAfterMs` (after a restart
 * of the only server, its runners' jobs are not failed for the server's own downtime; with
 * replicas, one that stayed up recovers them meanwhile).
 */
export async function recoverLostRunners(
  deps: Deps,
  input: { lostAfterMs: number; listeningSince?: Date },
): Promise<FinalisedJobs> {
  const now = deps.clock.now();
  const silentSince = new Date(now.getTime() - input.lostAfterMs);
  const listening = input.listeningSince === undefined || input.listeningSince <= silentSince;
  const candidates = listening
    ? await deps.lifecycle.findRunningJobs({ runnerSilentSince: silentSince })
    : [];
  return finaliseEach(
    deps.lifecycle,
    now,
    candidates.map((j) => j.id),
    (job) =>
      job.status === 'running' && job.runnerId !== null && job.statusReason === null ? lostEnding(job) : null,
  );
}

export interface StaleJobsReport extends FinalisedJobs {
  runnerId: number;
  runnerName: string;
  dryRun: boolean;
  activeJobIds: number[];
  /** Running jobs of the runner looked at. */
  scannedJobs: number;
  /** Those not in `activeJobIds`: what `--confirm` ends. */
  candidateJobs: Job[];
}

/**
 * `admin runner recover-stale-jobs`: lists the runner's running jobs not in
 * `activeJobIds`, and unless `dryRun` ends them as `reconcileActiveJobs` does.
 * not_found `runner.not_found` (`runner 7 not found`).
 */
export async function recoverStaleJobs(
  deps: Deps,
  input: { runnerId: number; activeJobIds: readonly number[]; dryRun: boolean },
): Promise<StaleJobsReport> {
  const runner = await deps.lifecycle.findRunner(input.runnerId);
  if (!runner) throw notFound('runner.not_found', `runner ${input.runnerId} not found`);
  const running = await deps.lifecycle.findRunningJobs({ runnerId: runner.id });
  const candidateJobs = running.filter((j) => !input.activeJobIds.includes(j.id));
  const finalised = input.dryRun
    ? { finalisedJobIds: [], completedRunIds: [] }
    : await finaliseMissing(deps, runner.id, candidateJobs, input.activeJobIds);
  return {
    runnerId: runner.id,
    runnerName: runner.name,
    dryRun: input.dryRun,
    activeJobIds: [...input.activeJobIds],
    scannedJobs: running.length,
    candidateJobs,
    ...finalised,
  };
}

function finaliseMissing(
  deps: Deps,
  runnerId: number,
  missing: readonly Job[],
  activeJobIds: readonly number[],
): Promise<FinalisedJobs> {
  return finaliseEach(
    deps.lifecycle,
    deps.clock.now(),
    missing.map((j) => j.id),
    (job) =>
      job.status === 'running' &&
      job.runnerId === runnerId &&
      !activeJobIds.includes(job.id) &&
      job.statusReason === null
        ? lostEnding(job)
        : null,
  );
}
