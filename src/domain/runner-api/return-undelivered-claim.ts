/**
 * A claim whose answer never reached its runner (SPEC §9.1): resolving its secrets or
 * minting its tokens failed, or the connection closed before the 200 was written. The
 * runner never saw the job, so it must not end as `runner_lost`: it goes back to the
 * queue, the same job, for the next heartbeat. A job whose claims keep failing would block
 * the head of the queue for every runner, so after {@link MAX_UNDELIVERED_CLAIMS} returns
 * it ends `failure` with status reason `claim_undelivered` instead.
 */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { WakeBus } from '../../ports/wake-bus.js';
import type { JobEnding } from '../jobs/end-jobs.js';
import { finaliseEach } from '../jobs/finalise-jobs.js';
import { notifyJobsEnqueued, notifyJobsFinished } from './wake-runners.js';

/** Undelivered claims a job may have returned to the queue before the next one ends it. */
export const MAX_UNDELIVERED_CLAIMS = 3;

const UNDELIVERED: Omit<JobEnding, 'jobId'> = {
  status: 'completed',
  conclusion: 'failure',
  statusReason: 'claim_undelivered',
  steps: 'cancel',
};

export type ReturnUndeliveredDeps = { queue: JobQueue; lifecycle: JobLifecycle; wake: WakeBus; clock: Clock };

/**
 * Puts the job claimed by `runnerId` back in the queue (and wakes runners for its labels),
 * or ends it once it returned {@link MAX_UNDELIVERED_CLAIMS} times. `not_claimed` when the
 * runner is no longer running it untouched (it reported on it: the answer did arrive).
 */
export async function returnUndeliveredClaim(
  deps: ReturnUndeliveredDeps,
  claim: { jobId: number; runnerId: number; runsOn: string[] },
): Promise<'requeued' | 'failed' | 'not_claimed'> {
  const now = deps.clock.now();
  const returned = await deps.queue.returnUndelivered({
    jobId: claim.jobId,
    runnerId: claim.runnerId,
    now,
    maxUndelivered: MAX_UNDELIVERED_CLAIMS,
  });
  if (returned === 'requeued') {
    await notifyJobsEnqueued(deps, [{ runsOn: claim.runsOn }]);
    return 'requeued';
  }
  if (returned === 'not_claimed') return 'not_claimed';
  await finaliseEach(deps.lifecycle, now, [claim.jobId], (job) =>
    job.status === 'running' && job.runnerId === claim.runnerId ? UNDELIVERED : null,
  );
  await notifyJobsFinished(deps);
  return 'failed';
}
