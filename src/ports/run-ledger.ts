import type { Job, Run, RunApproval, Step } from './model/run.js';

export type JobPatch = Partial<
  Pick<
    Job,
    | 'status'
    | 'conclusion'
    | 'statusReason'
    | 'startedAt'
    | 'completedAt'
    | 'cancelRequested'
    | 'cancelRequestedAt'
    | 'outputs'
    | 'runsOn'
    | 'timeoutMinutes'
    | 'timeoutMinutesExpr'
    | 'continueOnError'
    | 'continueOnErrorExpr'
  >
>;
export type StepPatch = Partial<
  Pick<Step, 'status' | 'conclusion' | 'startedAt' | 'completedAt' | 'summary'>
>;
export type RunPatch = Partial<
  Pick<Run, 'status' | 'conclusion' | 'startedAt' | 'completedAt' | 'approvedByUserId' | 'pinned'>
>;

/** A maintainer's decision on a run that waits for approval (SPEC §12). */
export interface ApprovalDecision {
  decision: 'approved' | 'rejected';
  userId: number;
  at: Date;
  /** Stored as the request's reason only when the trigger recorded no request row. */
  requestedReason: string;
}

/** A locked run and its jobs in job order, read after the lock was granted. */
export interface LockedRun {
  run: Run;
  jobs: Job[];
}

/**
 * Runs, jobs and steps inside one lifecycle transaction. Lock order, which keeps
 * concurrent writers free of deadlocks: the run first, then its jobs (id order), then
 * steps. The claim never waits on a run lock, so it cannot close a cycle. Every write
 * stamps `updated_at` with the transaction's instant and bumps `version`.
 */
export interface RunLedger {
  /** Locks the run row; returns it and its jobs (read after the lock), or undefined. */
  lockRun(runId: number): Promise<LockedRun | undefined>;

  /** Like `lockRun`, for the run that owns `jobId`; undefined when the job is unknown. */
  lockRunOfJob(jobId: number): Promise<LockedRun | undefined>;

  /** Locks these jobs in id order and returns their current rows (unknown ids left out). */
  lockJobs(jobIds: number[]): Promise<Job[]>;

  /** Locks one step of one job; undefined when the step does not belong to that job. */
  lockStep(jobId: number, stepId: number): Promise<Step | undefined>;

  /** The steps of these jobs, ordered by job id then step index. */
  listSteps(jobIds: number[]): Promise<Step[]>;

  /** Applies the patch to a job and returns the new row. */
  updateJob(jobId: number, patch: JobPatch): Promise<Job>;

  /**
   * Applies the same patch to each of these steps; returns the new rows in id order. A
   * patch to a terminal status also puts the steps in the log finalisation outbox
   * (`StepLogArchive`), in this transaction: every way a step ends queues its log.
   */
  updateSteps(stepIds: number[], patch: StepPatch): Promise<Step[]>;

  /** Applies the patch to a run and returns the new row. */
  updateRun(runId: number, patch: RunPatch): Promise<Run>;

  /**
   * Writes the decision into the run's approval row, creating the row (requested at the
   * run's `created_at`) when the trigger stored none; a later decision replaces an earlier
   * one. Returns the row as stored. A ninth method, kept here rather than in a second port
   * because the decision must commit in the same transaction as the run and job changes.
   */
  recordApprovalDecision(runId: number, decision: ApprovalDecision): Promise<RunApproval>;
}
