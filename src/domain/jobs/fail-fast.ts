/** `strategy.fail-fast` (SPEC §6): one failed combination of a matrix stops the others. */
import type { Job } from '../../ports/model/run.js';
import type { RunLedger } from '../../ports/run-ledger.js';

/** Conclusions that count as a failed combination; a cancelled one stops nothing. */
const FAILED = new Set(['failure', 'timed_out']);

/** Status reason stored on a queued combination that fail-fast cancelled. */
export const FAIL_FAST_REASON = 'fail_fast';

function failed(job: Job): boolean {
  return job.status === 'completed' && FAILED.has(job.conclusion ?? '') && job.continueOnError !== true;
}

/**
 * The combinations that must stop now, in job order: the queued ones and the running ones
 * not yet asked to cancel, of every fail-fast matrix with a combination that failed (a
 * combination with `continue-on-error` failing does not count). Pure; empty when none.
 */
export function failFastVictims(jobs: readonly Job[]): Job[] {
  const failedGroups = new Set(
    jobs
      .filter((j) => j.failFast === true && (j.matrixGroup ?? '') !== '' && failed(j))
      .map((j) => j.matrixGroup),
  );
  if (failedGroups.size === 0) return [];
  return jobs.filter(
    (j) =>
      failedGroups.has(j.matrixGroup) &&
      (j.status === 'queued' || (j.status === 'running' && !j.cancelRequested)),
  );
}

/**
 * Inside the caller's lifecycle transaction: cancels the queued victims (reason
 * `fail_fast`) and asks the running ones to cancel, as a run cancel does. Returns the jobs
 * as they stand after and the ids of the queued jobs it cancelled (their steps still open).
 */
export async function stopFailFastVictims(
  ledger: RunLedger,
  jobs: readonly Job[],
  now: Date,
): Promise<{ jobs: Job[]; cancelledJobIds: number[] }> {
  let current = [...jobs];
  const cancelledJobIds: number[] = [];
  const victims = failFastVictims(current).map((j) => j.id);
  for (const job of victims.length === 0 ? [] : await ledger.lockJobs(victims)) {
    let updated: Job | undefined;
    if (job.status === 'queued') {
      updated = await ledger.updateJob(job.id, {
        status: 'cancelled',
        conclusion: 'cancelled',
        statusReason: FAIL_FAST_REASON,
        completedAt: now,
      });
      cancelledJobIds.push(job.id);
    } else if (job.status === 'running' && !job.cancelRequested) {
      updated = await ledger.updateJob(job.id, { cancelRequested: true, cancelRequestedAt: now });
    }
    if (updated) current = current.map((j) => (j.id === updated.id ? updated : j));
  }
  return { jobs: current, cancelledJobIds };
}
