/** What holds a queued job back, runners aside (SPEC §9.1, §9.4). */
import type { JobWaitContext } from '../../ports/model/queue.js';
import { isActionsEnabled, maxOwnerConcurrentJobs, maxRepoConcurrentJobs } from './actions-policy.js';
import { firstUnmetNeed } from './needs.js';
import { isRunApproved } from './run-approval.js';

export type JobBlockerCode =
  | 'actions_disabled'
  | 'awaiting_approval'
  | 'needs'
  | 'concurrency_group'
  | 'max_parallel'
  | 'repo_cap'
  | 'owner_cap';

/** A reason with its datum: the needed job key, the group, the cap. */
export interface JobBlocker {
  code: JobBlockerCode;
  detail: string;
}

/**
 * The first thing that keeps the job from being claimed by any runner, in this order:
 * Actions disabled, approval pending, an unmet `needs`, an older run of the same
 * concurrency group, another job of the job's own concurrency group (one runs at a time,
 * oldest first), its matrix at `max-parallel`, the repo cap, the owner cap. Null when none
 * applies.
 */
export function findJobBlocker(ctx: JobWaitContext): JobBlocker | null {
  if (!isActionsEnabled(ctx.policy)) return { code: 'actions_disabled', detail: '' };
  if (!isRunApproved(ctx.run)) return { code: 'awaiting_approval', detail: '' };
  const need = firstUnmetNeed(ctx.job, ctx.needs);
  if (need !== undefined) return { code: 'needs', detail: need };
  if (ctx.blockingRunId !== null) {
    return { code: 'concurrency_group', detail: ctx.run.concurrencyGroup };
  }
  if (ctx.blockingJobId !== null)
    return { code: 'concurrency_group', detail: ctx.job.concurrencyGroup ?? '' };
  const maxParallel = ctx.job.maxParallel ?? 0;
  if (maxParallel > 0 && ctx.matrixRunningJobs >= maxParallel) {
    return { code: 'max_parallel', detail: String(maxParallel) };
  }
  const repoCap = maxRepoConcurrentJobs(ctx.policy);
  if (ctx.repoRunningJobs >= repoCap) return { code: 'repo_cap', detail: String(repoCap) };
  const ownerCap = maxOwnerConcurrentJobs(ctx.policy);
  if (ctx.ownerRunningJobs >= ownerCap) return { code: 'owner_cap', detail: String(ownerCap) };
  return null;
}
