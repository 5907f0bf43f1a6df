import type { Job, PlannedRun, Run, Step } from './model/run.js';

/** What `enqueueRun` stored, or found already stored for the same trigger. */
export interface EnqueuedRun {
  run: Run;
  /** In job order. */
  jobs: Job[];
  /** False when a replay of the same non-empty trigger id returned the existing run. */
  created: boolean;
}

/** Workflow runs as the trigger, rerun and read paths see them. */
export interface RunStore {
  /**
   * Atomically stores the run, its jobs (`job_index` = plan order) and their steps
   * (`step_index` from 0) in one transaction, with `run_index` = the repo's highest + 1
   * computed inside it (a concurrent enqueue that takes the same index is retried).
   * Idempotent per (repo, workflow file, non-empty `triggerEventId`): a replay returns the
   * existing run with `created: false` and stores nothing. A plan with `diagnostics` and no
   * jobs is stored completed/failure. Jobs and steps with `copiedResult` are stored with it.
   */
  enqueueRun(planned: PlannedRun, now: Date): Promise<EnqueuedRun>;

  /** The run, or undefined. */
  getRun(runId: number): Promise<Run | undefined>;

  /** The job, or undefined. */
  getJob(jobId: number): Promise<Job | undefined>;

  /** The run's jobs in job order (empty for an unknown run). */
  listJobs(runId: number): Promise<Job[]>;

  /** The steps of these jobs, ordered by job id then step index. */
  listSteps(jobIds: number[]): Promise<Step[]>;
}
