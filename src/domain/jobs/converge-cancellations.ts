/** Cancel always converges (SPEC §10.3): the server ends what a runner never confirmed. */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import { type FinalisedJobs, finaliseEach } from './finalise-jobs.js';

/**
 * Ends cancelled/cancelled (status reason `cancel_unconfirmed`, open steps cancelled, run
 * rolled up) every running job whose cancel was requested more than `afterMs` ago.
 * Idempotent; safe on every replica at once.
 */
export async function convergeCancellations(
  deps: { lifecycle: JobLifecycle; clock: Clock },
  input: { afterMs: number },
): Promise<FinalisedJobs> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - input.afterMs);
  const candidates = await deps.lifecycle.findRunningJobs({ cancelRequestedBefore: cutoff });
  return finaliseEach(
    deps.lifecycle,
    now,
    candidates.map((j) => j.id),
    (job) =>
      job.status === 'running' &&
      job.cancelRequested &&
      job.cancelRequestedAt !== null &&
      job.cancelRequestedAt < cutoff
        ? {
            status: 'cancelled',
            conclusion: 'cancelled',
            statusReason: 'cancel_unconfirmed',
            steps: 'cancel',
          }
        : null,
  );
}
