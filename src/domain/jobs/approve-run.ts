/** A maintainer's answer to a run that waits for approval (SPEC §7.3, §12; facts §7). */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Run } from '../../ports/model/run.js';
import type { LockedRun, RunLedger } from '../../ports/run-ledger.js';
import { conflict, notFound } from '../errors.js';
import { endJobs, type JobEnding } from './end-jobs.js';

/** The reason stored when a decision finds no approval request recorded by the trigger. */
export const APPROVAL_REQUESTED_REASON =
  'Pull request workflow requires maintainer approval before runner dispatch.';

type Deps = { lifecycle: JobLifecycle; clock: Clock };

export interface ApprovalOutcome {
  run: Run;
  /** Jobs the decision ended (reject only). */
  changedJobs: number;
}

/**
 * Approves a queued run that needs approval and has none yet: stamps
 * `approved_by_user_id` and the approval row in one transaction, which makes its queued
 * jobs claimable. not_found `run.not_found`; conflict `run.not_awaiting_approval`.
 */
export function approveRun(deps: Deps, input: { runId: number; userId: number }): Promise<ApprovalOutcome> {
  const now = deps.clock.now();
  return deps.lifecycle.transaction(now, async (ledger) => {
    const locked = await lockAwaiting(ledger, input.runId);
    await record(ledger, input, 'approved', now);
    const run = await ledger.updateRun(locked.run.id, { approvedByUserId: input.userId });
    return { run, changedJobs: 0 };
  });
}

/**
 * Rejects a run awaiting approval: its queued jobs end cancelled/action_required (steps
 * cancelled) and the run completes action_required, with the decision recorded, all in one
 * transaction. Same errors as `approveRun`.
 */
export function rejectRun(deps: Deps, input: { runId: number; userId: number }): Promise<ApprovalOutcome> {
  const now = deps.clock.now();
  return deps.lifecycle.transaction(now, async (ledger) => {
    const locked = await lockAwaiting(ledger, input.runId);
    await record(ledger, input, 'rejected', now);
    const queued = await ledger.lockJobs(locked.jobs.filter((j) => j.status === 'queued').map((j) => j.id));
    const endings = queued
      .filter((job) => job.status === 'queued')
      .map(
        (job): JobEnding => ({
          jobId: job.id,
          status: 'cancelled',
          conclusion: 'action_required',
          statusReason: 'approval_rejected',
          steps: 'cancel',
        }),
      );
    const settled = await endJobs(ledger, locked.run, locked.jobs, endings, now);
    return { run: settled.run, changedJobs: endings.length };
  });
}

async function lockAwaiting(ledger: RunLedger, runId: number): Promise<LockedRun> {
  const locked = await ledger.lockRun(runId);
  if (!locked) throw notFound('run.not_found', `run ${runId} not found`);
  const { run } = locked;
  if (run.status !== 'queued' || !run.needApproval || run.approvedByUserId !== null) {
    throw conflict('run.not_awaiting_approval', 'run is not awaiting approval');
  }
  return locked;
}

function record(
  ledger: RunLedger,
  input: { runId: number; userId: number },
  decision: 'approved' | 'rejected',
  at: Date,
) {
  return ledger.recordApprovalDecision(input.runId, {
    decision,
    userId: input.userId,
    at,
    requestedReason: APPROVAL_REQUESTED_REASON,
  });
}
