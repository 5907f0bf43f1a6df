/** Cancelling a job or a whole run (SPEC §10.3). */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Conclusion, Job } from '../../ports/model/run.js';
import type { LockedRun, RunLedger } from '../../ports/run-ledger.js';
import { notFound } from '../errors.js';
import { endJobs, type JobEnding, replaceJob } from './end-jobs.js';

export interface CancelResult {
  jobId?: number;
  runId: number;
  repoId: number;
  /** Queued jobs cancelled plus running jobs newly asked to cancel. */
  changedJobs: number;
  /** The run's state after the call: completed or not, and its conclusion if so. */
  runCompleted: boolean;
  runConclusion: Conclusion | null;
}

type Deps = { lifecycle: JobLifecycle; clock: Clock };

/**
 * Cancels one job atomically: queued → cancelled/cancelled at once (steps too, dependents
 * skipped, run rolled up); running → `cancel_requested` for its runner to act on; a
 * finished job is left alone (`changedJobs: 0`). `reason` (`user`, `concurrency`, …) is
 * stored as the cancelled job's status reason. not_found `job.not_found`.
 */
export function cancelJob(deps: Deps, input: { jobId: number; reason: string }): Promise<CancelResult> {
  const now = deps.clock.now();
  return deps.lifecycle.transaction(now, async (ledger) => {
    const locked = await ledger.lockRunOfJob(input.jobId);
    if (!locked) throw notFound('job.not_found', `job ${input.jobId} not found`);
    const result = await cancelWithin(ledger, locked, [input.jobId], input.reason, now);
    return { jobId: input.jobId, ...result };
  });
}

/** Cancels every queued or running job of the run, as `cancelJob` does; not_found `run.not_found`. */
export function cancelRun(deps: Deps, input: { runId: number; reason: string }): Promise<CancelResult> {
  const now = deps.clock.now();
  return deps.lifecycle.transaction(now, async (ledger) => {
    const locked = await ledger.lockRun(input.runId);
    if (!locked) throw notFound('run.not_found', `run ${input.runId} not found`);
    const open = locked.jobs.filter((j) => j.status === 'queued' || j.status === 'running');
    return cancelWithin(
      ledger,
      locked,
      open.map((j) => j.id),
      input.reason,
      now,
    );
  });
}

async function cancelWithin(
  ledger: RunLedger,
  locked: LockedRun,
  jobIds: number[],
  reason: string,
  now: Date,
): Promise<Omit<CancelResult, 'jobId'>> {
  let jobs: Job[] = locked.jobs;
  const endings: JobEnding[] = [];
  let flagged = 0;
  for (const job of await ledger.lockJobs(jobIds)) {
    jobs = replaceJob(jobs, job);
    if (job.status === 'queued') {
      endings.push({
        jobId: job.id,
        status: 'cancelled',
        conclusion: 'cancelled',
        statusReason: reason,
        steps: 'cancel',
      });
    } else if (job.status === 'running' && !job.cancelRequested) {
      jobs = replaceJob(
        jobs,
        await ledger.updateJob(job.id, { cancelRequested: true, cancelRequestedAt: now }),
      );
      flagged += 1;
    }
  }
  const settled = await endJobs(ledger, locked.run, jobs, endings, now);
  const completed = settled.run.status === 'completed';
  return {
    runId: settled.run.id,
    repoId: settled.run.repoId,
    changedJobs: endings.length + flagged,
    runCompleted: completed,
    runConclusion: completed ? settled.run.conclusion : null,
  };
}
