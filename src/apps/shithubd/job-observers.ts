/**
 * Decorators that watch every job change, whichever path made it (claim, runner report,
 * cancel, approval, sweeps), and act on it after the change committed: each changed job's
 * check run is brought in step (SPEC §5) and completed runs are counted (SPEC §15). They wrap
 * the ports, so no route or domain function has to remember to call them.
 */
import { syncCheckRun } from '../../domain/triggers/check-runs.js';
import type { CheckRunStore } from '../../ports/check-run-store.js';
import type { Clock } from '../../ports/clock.js';
import type { JobCallStore, JobCallTransaction } from '../../ports/job-call-store.js';
import type { JobLifecycle, RunningJobFilter } from '../../ports/job-lifecycle.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { Metrics } from '../../ports/metrics.js';
import type { ClaimOutcome, ClaimRequest } from '../../ports/model/queue.js';
import type { Run } from '../../ports/model/run.js';
import type { RunLedger } from '../../ports/run-ledger.js';
import type { RunStore } from '../../ports/run-store.js';

/** What changed in one committed transaction. */
interface Changes {
  jobIds: Set<number>;
  completedRuns: Run[];
}

export interface JobObserverDeps {
  runs: RunStore;
  checks: CheckRunStore;
  clock: Clock;
  metrics?: Metrics;
  onError: (err: unknown) => void;
}

/** After a commit: sync the check run of every changed job, count completed runs. */
async function afterCommit(deps: JobObserverDeps, changes: Changes): Promise<void> {
  try {
    for (const run of changes.completedRuns) {
      const started = run.startedAt ?? run.createdAt;
      const seconds = Math.max(
        0,
        ((run.completedAt ?? deps.clock.now()).getTime() - started.getTime()) / 1000,
      );
      const labels = { event: run.event, conclusion: run.conclusion ?? 'failure' };
      deps.metrics?.increment('runs_completed_total', labels);
      deps.metrics?.observe('run_duration_seconds', seconds, labels);
    }
    for (const jobId of changes.jobIds) {
      const job = await deps.runs.getJob(jobId);
      const run = job ? await deps.runs.getRun(job.runId) : undefined;
      if (job && run) await syncCheckRun(deps, { run, job });
    }
  } catch (err) {
    deps.onError(err);
  }
}

function recordingLedger(inner: RunLedger, changes: Changes): RunLedger {
  return {
    lockRun: (runId) => inner.lockRun(runId),
    lockRunOfJob: (jobId) => inner.lockRunOfJob(jobId),
    lockJobs: (jobIds) => inner.lockJobs(jobIds),
    lockStep: (jobId, stepId) => inner.lockStep(jobId, stepId),
    listSteps: (jobIds) => inner.listSteps(jobIds),
    updateSteps: (stepIds, patch) => inner.updateSteps(stepIds, patch),
    recordApprovalDecision: (runId, decision) => inner.recordApprovalDecision(runId, decision),
    updateJob: async (jobId, patch) => {
      changes.jobIds.add(jobId);
      return inner.updateJob(jobId, patch);
    },
    updateRun: async (runId, patch) => {
      const run = await inner.updateRun(runId, patch);
      if (patch.status === 'completed') changes.completedRuns.push(run);
      return run;
    },
  };
}

const noChanges = (): Changes => ({ jobIds: new Set(), completedRuns: [] });

/** The lifecycle, recording the changes of a transaction it runs (or that it joins). */
class RecordingLifecycle implements JobLifecycle {
  constructor(
    private readonly inner: JobLifecycle,
    private readonly changes: Changes | null,
    private readonly deps: JobObserverDeps,
  ) {}

  async transaction<T>(at: Date, fn: (ledger: RunLedger) => Promise<T>): Promise<T> {
    if (this.changes)
      return this.inner.transaction(at, (ledger) => fn(recordingLedger(ledger, this.changes!)));
    const changes = noChanges();
    const result = await this.inner.transaction(at, (ledger) => fn(recordingLedger(ledger, changes)));
    await afterCommit(this.deps, changes);
    return result;
  }

  findRunningJobs(filter: RunningJobFilter) {
    return this.inner.findRunningJobs(filter);
  }

  findRunner(runnerId: number) {
    return this.inner.findRunner(runnerId);
  }
}

export function observeLifecycle(inner: JobLifecycle, deps: JobObserverDeps): JobLifecycle {
  return new RecordingLifecycle(inner, null, deps);
}

/** The job-call store, whose transactions carry their own bound lifecycle. */
export function observeJobCalls(inner: JobCallStore, deps: JobObserverDeps): JobCallStore {
  return {
    transaction: async <T>(at: Date, fn: (tx: JobCallTransaction) => Promise<T>): Promise<T> => {
      const changes = noChanges();
      const result = await inner.transaction(at, (tx) =>
        fn({
          ...tx,
          consumeToken: (t) => tx.consumeToken(t),
          lifecycle: new RecordingLifecycle(tx.lifecycle, changes, deps),
        }),
      );
      await afterCommit(deps, changes);
      return result;
    },
    restartTokenChain: (jobId, runnerId) => inner.restartTokenChain(jobId, runnerId),
    // A log append changes no job, run or step status: nothing to observe.
    appendIfCurrent: (append, at) => inner.appendIfCurrent(append, at),
    isTokenUsed: (jti) => inner.isTokenUsed(jti),
    saveMaskSnapshot: (jobId, sealed, at) => inner.saveMaskSnapshot(jobId, sealed, at),
    loadMaskSnapshot: (jobId) => inner.loadMaskSnapshot(jobId),
  };
}

/** The queue: a claim moves its job (and maybe its run) to running. */
export function observeQueue(inner: JobQueue, deps: JobObserverDeps): JobQueue {
  return {
    claim: async (request: ClaimRequest): Promise<ClaimOutcome> => {
      const outcome = await inner.claim(request);
      // The claim returns the job and run as committed: no need to read them back.
      if (outcome.kind === 'claimed')
        await syncCheckRun(deps, { run: outcome.run, job: outcome.job }).catch(deps.onError);
      return outcome;
    },
    returnUndelivered: async (claim) => {
      const result = await inner.returnUndelivered(claim);
      if (result === 'requeued')
        await afterCommit(deps, { jobIds: new Set([claim.jobId]), completedRuns: [] });
      return result;
    },
    listQueueGroups: () => inner.listQueueGroups(),
    loadWaitContexts: (jobIds) => inner.loadWaitContexts(jobIds),
    listRunnerLoads: () => inner.listRunnerLoads(),
    listRunningJobs: (filter) => inner.listRunningJobs(filter),
  };
}
