/** Storing one planned run with everything that goes with it (SPEC §5, facts §12). */
import type { CheckRunStore } from '../../ports/check-run-store.js';
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Metrics } from '../../ports/metrics.js';
import type { EnqueuedRun, RunStore } from '../../ports/run-store.js';
import type { TriggerRuns } from '../../ports/trigger-runs.js';
import { cancelJob, cancelRun } from '../jobs/cancel-jobs.js';
import { enqueueRun } from '../jobs/enqueue-run.js';
import { checkRunsForRun, syncCheckRun } from './check-runs.js';
import type { WorkflowRunPlan } from './plan-run.js';
import { APPROVAL_REASON } from './trigger-policy.js';

export interface EnqueueWorkflowDeps {
  runs: RunStore;
  lifecycle: JobLifecycle;
  triggerRuns: TriggerRuns;
  checks: CheckRunStore;
  clock: Clock;
  metrics?: Metrics;
  /** Wakes waiting runners (the runner API's `notifyJobsEnqueued`); optional. */
  onEnqueued?: () => void;
}

/**
 * Enqueues the run (idempotent per trigger id: a replay stores nothing new), then does the
 * follow-up steps, each idempotent so a replay after a crash completes them: the approval
 * request of a run that needs one, one queued check run per job, and with
 * `cancel-in-progress` the cancelling of older open runs of the same concurrency group —
 * and, for a job-level group, of older open jobs of that group in the repository.
 */
export async function enqueueWorkflowRun(
  deps: EnqueueWorkflowDeps,
  plan: WorkflowRunPlan,
): Promise<EnqueuedRun> {
  const enqueued = await enqueueRun(deps, plan.planned);
  const { run, jobs } = enqueued;
  const now = deps.clock.now();
  if (run.needApproval) await deps.triggerRuns.requestApproval(run.id, APPROVAL_REASON, now);
  await deps.checks.ensureCheckRuns(checkRunsForRun(run, jobs), now);
  if (plan.cancelInProgress && run.concurrencyGroup !== '') {
    const open = await deps.triggerRuns.listOpenRunsInGroup(run.repoId, run.concurrencyGroup);
    for (const older of open.filter((r) => r.id < run.id)) {
      await cancelRun(deps, { runId: older.id, reason: 'concurrency' });
      for (const job of await deps.runs.listJobs(older.id)) await syncCheckRun(deps, { run: older, job });
    }
  }
  const firstJobId = Math.min(...jobs.map((j) => j.id));
  for (const group of plan.cancelInProgressJobGroups ?? []) {
    if (group === '') continue;
    const open = await deps.triggerRuns.listOpenJobsInGroup(run.repoId, group);
    await cancelOlderJobs(
      deps,
      open.filter((j) => j.runId !== run.id && j.id < firstJobId),
    );
  }
  deps.metrics?.increment('runs_enqueued_total', {
    event: run.event,
    result: enqueued.created ? 'created' : 'replayed',
  });
  if (enqueued.created && jobs.length > 0) deps.onEnqueued?.();
  return enqueued;
}

/** Cancels each job (reason `concurrency`) and brings its check run along. */
async function cancelOlderJobs(deps: EnqueueWorkflowDeps, jobs: readonly { id: number; runId: number }[]) {
  for (const older of jobs) {
    await cancelJob(deps, { jobId: older.id, reason: 'concurrency' });
    const [run, job] = await Promise.all([deps.runs.getRun(older.runId), deps.runs.getJob(older.id)]);
    if (run && job) await syncCheckRun(deps, { run, job });
  }
}
