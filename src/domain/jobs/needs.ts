/** `needs` between jobs of one run (SPEC §10.2). */
import type { Job } from '../../ports/model/run.js';
import { isTerminal } from './transitions.js';

type NeededJob = Pick<Job, 'jobKey' | 'status' | 'conclusion'>;

/**
 * Matches a job `if` that calls `always()` or `failure()`. Written in the regex dialect
 * JavaScript and PostgreSQL share, so the SQL claim uses the very same pattern.
 */
export const ALWAYS_OR_FAILURE_PATTERN = '(^|[^A-Za-z0-9_.])(always|failure)[ \\t]*\\(';
const ALWAYS_OR_FAILURE = new RegExp(ALWAYS_OR_FAILURE_PATTERN);

/** True when the job's `if` asks to run after a failed dependency. */
export function runsAfterFailure(ifExpr: string): boolean {
  return ALWAYS_OR_FAILURE.test(ifExpr);
}

/** True when a dependency lets its dependent start. */
function releases(job: Pick<Job, 'ifExpr'>, need: NeededJob): boolean {
  if (need.status === 'completed' && need.conclusion === 'success') return true;
  // An always()/failure() job starts once its dependencies have ended, however they ended;
  // the runner evaluates its `if`.
  return runsAfterFailure(job.ifExpr) && isTerminal(need.status);
}

/**
 * The first of the job's `needs` that still holds it back, or undefined when it may start.
 * A key naming no job of the run holds nothing back (the plan is validated at enqueue).
 */
export function firstUnmetNeed(
  job: Pick<Job, 'needsJobs' | 'ifExpr'>,
  needs: readonly NeededJob[],
): string | undefined {
  for (const key of job.needsJobs) {
    const need = needs.find((n) => n.jobKey === key);
    if (need && !releases(job, need)) return key;
  }
  return undefined;
}

/** True when every dependency of the job lets it start. */
export function areNeedsSatisfied(
  job: Pick<Job, 'needsJobs' | 'ifExpr'>,
  needs: readonly NeededJob[],
): boolean {
  return firstUnmetNeed(job, needs) === undefined;
}

/** True when a job ended in a way that skips its ordinary dependents. */
function endedBadly(job: NeededJob): boolean {
  return isTerminal(job.status) && !(job.status === 'completed' && job.conclusion === 'success');
}

/**
 * The queued jobs of a run (given in job order) that must become `skipped` now: those
 * needing a job that ended other than success, unless their `if` uses always()/failure(),
 * and, transitively, the jobs that need those. Returns them in job order.
 */
export function dependentsToSkip(jobs: readonly Job[]): Job[] {
  const skipped = new Set<string>();
  const ended = (key: string) => {
    if (skipped.has(key)) return true;
    const job = jobs.find((j) => j.jobKey === key);
    return job !== undefined && endedBadly(job);
  };
  let grew = true;
  while (grew) {
    grew = false;
    for (const job of jobs) {
      if (job.status !== 'queued' || skipped.has(job.jobKey) || runsAfterFailure(job.ifExpr)) continue;
      if (job.needsJobs.some(ended)) {
        skipped.add(job.jobKey);
        grew = true;
      }
    }
  }
  return jobs.filter((job) => skipped.has(job.jobKey));
}
