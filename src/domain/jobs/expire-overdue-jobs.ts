/** The server-side deadline reaper (SPEC §10.4). */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Job } from '../../ports/model/run.js';
import type { JobEnding } from './end-jobs.js';
import { type FinalisedJobs, finaliseEach } from './finalise-jobs.js';

export const DEFAULT_DEADLINE_GRACE_MS = 60_000;

/**
 * Ends completed/timed_out (status reason `deadline_exceeded`) every running job whose
 * `deadline_at` + `graceMs` has passed: the running step completed/timed_out, queued steps
 * skipped, dependents skipped, run rolled up. A job whose cancel was requested before its
 * deadline ends cancelled/cancelled instead (cancel wins, SPEC §10.3). Idempotent; safe on
 * every replica at once.
 */
export async function expireOverdueJobs(
  deps: { lifecycle: JobLifecycle; clock: Clock },
  input: { graceMs?: number } = {},
): Promise<FinalisedJobs> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - (input.graceMs ?? DEFAULT_DEADLINE_GRACE_MS));
  const candidates = await deps.lifecycle.findRunningJobs({ deadlineBefore: cutoff });
  return finaliseEach(
    deps.lifecycle,
    now,
    candidates.map((j) => j.id),
    (job) =>
      job.status === 'running' && job.deadlineAt !== null && job.deadlineAt < cutoff
        ? overdueEnding(job, job.deadlineAt)
        : null,
  );
}

function overdueEnding(job: Job, deadlineAt: Date): Omit<JobEnding, 'jobId'> {
  const cancelledInTime =
    job.cancelRequested && job.cancelRequestedAt !== null && job.cancelRequestedAt <= deadlineAt;
  if (cancelledInTime) {
    return {
      status: 'cancelled',
      conclusion: 'cancelled',
      statusReason: 'deadline_exceeded',
      steps: 'cancel',
    };
  }
  return {
    status: 'completed',
    conclusion: 'timed_out',
    statusReason: 'deadline_exceeded',
    steps: 'time_out',
  };
}
