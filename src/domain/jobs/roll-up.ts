/** The run roll-up of SPEC §10.1: a run's conclusion is the worst of its jobs. */
import type { Conclusion, Job } from '../../ports/model/run.js';
import { isTerminal } from './transitions.js';

export type RollUp = { complete: false } | { complete: true; conclusion: Conclusion };

const WORST: ReadonlySet<Conclusion> = new Set(['failure', 'timed_out', 'action_required']);

/**
 * Rolls up jobs given in job order: any non-terminal job → not complete; no jobs →
 * failure; the first failure/timed_out/action_required wins; else cancelled if any job
 * was cancelled; else success (`skipped` and `neutral` count as success).
 */
export function rollUpRun(jobs: readonly Pick<Job, 'status' | 'conclusion'>[]): RollUp {
  if (jobs.some((job) => !isTerminal(job.status))) return { complete: false };
  if (jobs.length === 0) return { complete: true, conclusion: 'failure' };
  let cancelled = false;
  for (const job of jobs) {
    // A terminal job without a conclusion cannot be trusted to have passed.
    const conclusion = job.conclusion ?? 'failure';
    if (WORST.has(conclusion)) return { complete: true, conclusion };
    if (conclusion === 'cancelled' || job.status === 'cancelled') cancelled = true;
  }
  return { complete: true, conclusion: cancelled ? 'cancelled' : 'success' };
}
