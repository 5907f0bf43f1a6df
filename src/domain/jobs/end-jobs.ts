/**
 * Ending jobs inside a lifecycle transaction: the job, its open steps, the dependents its
 * end skips (SPEC §10.2) and the run roll-up (§10.1) — all in the caller's transaction.
 */
import type { Conclusion, Job, Run, Step } from '../../ports/model/run.js';
import type { RunLedger, StepPatch } from '../../ports/run-ledger.js';
import { stopFailFastVictims } from './fail-fast.js';
import { dependentsToSkip } from './needs.js';
import { resolveReadyJobs } from './resolve-ready-jobs.js';
import { rollUpRun } from './roll-up.js';
import { isTerminal, type TerminalStatus } from './transitions.js';

/**
 * What happens to a job's open steps: `cancel` ends them cancelled; `time_out` ends the
 * running one timed out and skips the rest; `close` cancels the running one and skips the
 * rest; `skip` skips them all.
 */
export type StepClosing = 'cancel' | 'time_out' | 'close' | 'skip';

export interface JobEnding {
  jobId: number;
  status: TerminalStatus;
  conclusion: Conclusion;
  /** Set when the server ends the job itself (`runner_lost`, `deadline_exceeded`, …). */
  statusReason: string | null;
  steps: StepClosing;
  /** Defaults to the transaction's `now`. */
  completedAt?: Date;
  startedAt?: Date | null;
  /** The outputs the runner reported (`needs.<job>.outputs` of dependents). */
  outputs?: Record<string, string>;
}

export interface SettledRun {
  run: Run;
  /** In job order, as they stand after the change. */
  jobs: Job[];
  /** True when this transaction completed the run. */
  runCompleted: boolean;
  /** Queued dependents this change skipped. */
  skippedJobIds: number[];
}

/** Ends each job as told, then skips dependents and rolls the run up. */
export async function endJobs(
  ledger: RunLedger,
  run: Run,
  jobs: readonly Job[],
  endings: readonly JobEnding[],
  now: Date,
): Promise<SettledRun> {
  let current = [...jobs];
  for (const ending of endings) {
    const before = current.find((j) => j.id === ending.jobId);
    const updated = await ledger.updateJob(ending.jobId, {
      status: ending.status,
      conclusion: ending.conclusion,
      statusReason: ending.statusReason,
      startedAt: before?.startedAt ?? ending.startedAt ?? (ending.status === 'skipped' ? null : now),
      completedAt: ending.completedAt ?? now,
      ...(ending.outputs ? { outputs: ending.outputs } : {}),
    });
    current = replaceJob(current, updated);
    await closeOpenSteps(ledger, [ending.jobId], ending.steps, now);
  }
  return settleRun(ledger, run, current, now);
}

/**
 * Stops the other combinations of a fail-fast matrix that failed, resolves the `needs`
 * templates of jobs that became ready (`resolveReadyJobs`), skips dependents of jobs that
 * ended badly, then completes or starts the run as due.
 */
export async function settleRun(
  ledger: RunLedger,
  run: Run,
  jobs: readonly Job[],
  now: Date,
): Promise<SettledRun> {
  const stopped = await stopFailFastVictims(ledger, jobs, now);
  await closeOpenSteps(ledger, stopped.cancelledJobIds, 'cancel', now);
  let current = await applyReadyResolutions(ledger, run, stopped.jobs, now);
  const toSkip = dependentsToSkip(current);
  const skippedJobIds: number[] = [];
  for (const job of await ledger.lockJobs(toSkip.map((j) => j.id))) {
    if (job.status !== 'queued') continue;
    const patch = {
      status: 'skipped',
      conclusion: 'skipped',
      statusReason: 'needs_failed',
      completedAt: now,
    } as const;
    current = replaceJob(current, await ledger.updateJob(job.id, patch));
    skippedJobIds.push(job.id);
  }
  await closeOpenSteps(ledger, skippedJobIds, 'skip', now);
  const rollUp = rollUpRun(current);
  const closed = run.status === 'completed' || run.status === 'cancelled';
  if (rollUp.complete && !closed) {
    const completed = await ledger.updateRun(run.id, {
      status: 'completed',
      conclusion: rollUp.conclusion,
      startedAt: run.startedAt ?? now,
      completedAt: now,
    });
    return { run: completed, jobs: current, runCompleted: true, skippedJobIds };
  }
  if (run.status === 'queued' && current.some((j) => j.status === 'running')) {
    const started = await ledger.updateRun(run.id, { status: 'running', startedAt: run.startedAt ?? now });
    return { run: started, jobs: current, runCompleted: false, skippedJobIds };
  }
  return { run, jobs: current, runCompleted: false, skippedJobIds };
}

/** Writes what `resolveReadyJobs` decided; a job whose template failed ends failed, its steps skipped. */
async function applyReadyResolutions(
  ledger: RunLedger,
  run: Run,
  jobs: readonly Job[],
  now: Date,
): Promise<Job[]> {
  let current = [...jobs];
  for (const resolution of resolveReadyJobs(run, current)) {
    const [locked] = await ledger.lockJobs([resolution.jobId]);
    if (locked?.status !== 'queued') continue;
    if ('patch' in resolution) {
      current = replaceJob(current, await ledger.updateJob(locked.id, resolution.patch));
      continue;
    }
    const failed = { status: 'completed', conclusion: 'failure', statusReason: resolution.failure } as const;
    current = replaceJob(current, await ledger.updateJob(locked.id, { ...failed, completedAt: now }));
    await closeOpenSteps(ledger, [locked.id], 'skip', now);
  }
  return current;
}

/** Ends the open (queued or running) steps of these jobs as `how` says. */
export async function closeOpenSteps(
  ledger: RunLedger,
  jobIds: number[],
  how: StepClosing,
  now: Date,
): Promise<void> {
  if (jobIds.length === 0) return;
  const open = (await ledger.listSteps(jobIds)).filter((s) => !isTerminal(s.status));
  const byStatus = (status: Step['status']) => open.filter((s) => s.status === status).map((s) => s.id);
  const end = async (ids: number[], patch: StepPatch) => {
    if (ids.length > 0) await ledger.updateSteps(ids, { ...patch, completedAt: now });
  };
  const cancelled: StepPatch = { status: 'cancelled', conclusion: 'cancelled' };
  const skipped: StepPatch = { status: 'skipped', conclusion: 'skipped' };
  const running = byStatus('running');
  const queued = byStatus('queued');
  if (how === 'cancel') return end([...running, ...queued], cancelled);
  if (how === 'skip') return end([...running, ...queued], skipped);
  await end(running, how === 'time_out' ? { status: 'completed', conclusion: 'timed_out' } : cancelled);
  await end(queued, skipped);
}

/** The list with `job` in place of the row of the same id. */
export function replaceJob(jobs: readonly Job[], job: Job): Job[] {
  return jobs.map((j) => (j.id === job.id ? job : j));
}
