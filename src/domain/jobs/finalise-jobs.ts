/**
 * The server ending running jobs itself, one transaction per job: sweeps find candidates
 * with a plain read, then each job is locked and re-checked, so replicas may sweep at once.
 */
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Job } from '../../ports/model/run.js';
import { endJobs, type JobEnding, replaceJob } from './end-jobs.js';

export interface FinalisedJobs {
  finalisedJobIds: number[];
  /** Runs these endings completed. */
  completedRunIds: number[];
}

/**
 * For each candidate id, in its own transaction: locks the run and the job, asks `decide`
 * (on the locked, current row) how to end it — null leaves it alone — and ends it.
 */
export async function finaliseEach(
  lifecycle: JobLifecycle,
  now: Date,
  jobIds: readonly number[],
  decide: (job: Job) => Omit<JobEnding, 'jobId'> | null,
): Promise<FinalisedJobs> {
  const result: FinalisedJobs = { finalisedJobIds: [], completedRunIds: [] };
  for (const jobId of jobIds) {
    await lifecycle.transaction(now, async (ledger) => {
      const locked = await ledger.lockRunOfJob(jobId);
      const [job] = locked ? await ledger.lockJobs([jobId]) : [];
      if (!locked || !job) return;
      const ending = decide(job);
      if (!ending) return;
      const settled = await endJobs(
        ledger,
        locked.run,
        replaceJob(locked.jobs, job),
        [{ ...ending, jobId }],
        now,
      );
      result.finalisedJobIds.push(jobId);
      if (settled.runCompleted) result.completedRunIds.push(settled.run.id);
    });
  }
  return result;
}
