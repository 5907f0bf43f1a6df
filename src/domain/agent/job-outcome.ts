/**
 * How step results add up to the job's (SPEC §10.4, facts §8.4): the first failing step
 * decides the job's conclusion; `continue-on-error` lets a failure pass but never a
 * timeout; a cancel ends the job `cancelled`.
 */
import type { CheckStatus } from '../workflows/expressions/functions.js';
import type { StepConclusion } from './execute-step.js';

export interface JobProgress {
  /** What `success()`/`failure()`/`cancelled()` see for the next step. */
  status: CheckStatus;
  /** The job's conclusion so far. */
  conclusion: 'success' | 'failure' | 'timed_out' | 'cancelled';
}

export const JOB_START: JobProgress = { status: 'success', conclusion: 'success' };

/** The job's progress after a step ended with `result`. */
export function afterStep(
  progress: JobProgress,
  result: StepConclusion,
  continueOnError: boolean,
): JobProgress {
  if (result === 'success') return progress;
  if (result === 'cancelled') return { status: 'cancelled', conclusion: 'cancelled' };
  if (result === 'failure' && continueOnError) return progress;
  const conclusion = progress.conclusion === 'success' ? result : progress.conclusion;
  return { status: 'failure', conclusion };
}
