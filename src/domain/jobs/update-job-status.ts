/** A job status report, from a runner or from the server (SPEC §7.2). */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Job, Run } from '../../ports/model/run.js';
import type { LockedRun, RunLedger } from '../../ports/run-ledger.js';
import { endJobs, replaceJob, settleRun } from './end-jobs.js';
import { assertAssignedTo, requireJob } from './job-assignment.js';
import { isTerminal, type RequestedStatus, resolveStatusChange, type StatusChange } from './transitions.js';

export interface JobStatusReport extends RequestedStatus {
  jobId: number;
  /** The reporting runner; omitted for server-side changes. */
  runnerId?: number;
  startedAt?: Date | null;
  completedAt?: Date | null;
  /** The job's outputs (already scrubbed), stored when the report ends the job. */
  outputs?: Record<string, string>;
}

export interface JobStatusResult {
  job: Job;
  run: Run;
  /** True when this report completed the run. */
  runCompleted: boolean;
}

/**
 * Applies a status report atomically: validates it (invalid / conflict
 * `job.illegal_transition`, `job.not_assigned`; not_found `job.not_found`), then
 * `running` starts the job (and its run), a terminal status ends it — a cancelled job's
 * open steps end cancelled, a completed job's open steps are closed — skips dependents
 * and rolls the run up, all in one transaction. Repeating a terminal status changes
 * nothing and answers the stored state.
 */
export function updateJobStatus(
  deps: { lifecycle: JobLifecycle; clock: Clock },
  report: JobStatusReport,
): Promise<JobStatusResult> {
  const now = deps.clock.now();
  return deps.lifecycle.transaction(now, async (ledger) => {
    const locked = await ledger.lockRunOfJob(report.jobId);
    const [locking] = locked ? await ledger.lockJobs([report.jobId]) : [];
    const job = requireJob(locking, report.jobId);
    assertAssignedTo(job, report.runnerId);
    const change = resolveStatusChange('job', job.status, report);
    const current: LockedRun = { run: locked!.run, jobs: replaceJob(locked!.jobs, job) };
    if (isTerminal(job.status)) return { job, run: current.run, runCompleted: false };
    if (isTerminal(change.status)) return endReported(ledger, current, job, change, report, now);
    const started = await ledger.updateJob(job.id, {
      status: 'running',
      startedAt: job.startedAt ?? report.startedAt ?? now,
    });
    const settled = await settleRun(ledger, current.run, replaceJob(current.jobs, started), now);
    return { job: started, run: settled.run, runCompleted: false };
  });
}

async function endReported(
  ledger: RunLedger,
  current: LockedRun,
  job: Job,
  change: StatusChange,
  report: JobStatusReport,
  now: Date,
): Promise<JobStatusResult> {
  const ending = {
    jobId: job.id,
    status: change.status as 'completed' | 'cancelled',
    conclusion: change.conclusion!,
    statusReason: null,
    steps: change.status === 'cancelled' ? ('cancel' as const) : ('close' as const),
    completedAt: report.completedAt ?? now,
    startedAt: report.startedAt ?? null,
    ...(report.outputs ? { outputs: report.outputs } : {}),
  };
  const settled = await endJobs(ledger, current.run, current.jobs, [ending], now);
  const ended = settled.jobs.find((j) => j.id === job.id)!;
  return { job: ended, run: settled.run, runCompleted: settled.runCompleted };
}
