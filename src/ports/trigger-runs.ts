import type { Job, Run } from './model/run.js';

/** What the trigger path needs of runs beyond `RunStore` (SPEC §9.3, §12, facts §7). */
export interface TriggerRuns {
  /** How many runs of the repository are `queued`. A plain read. */
  countQueuedRuns(repoId: number): Promise<number>;

  /** How many runs (any repository, any status) the user triggered at or after `since`. */
  countRunsByActorSince(actorUserId: number, since: Date): Promise<number>;

  /** Queued or running runs of the repository in this concurrency group, oldest first. */
  listOpenRunsInGroup(repoId: number, group: string): Promise<Run[]>;

  /** Queued or running jobs of the repository in this job-level concurrency group, oldest first. */
  listOpenJobsInGroup(repoId: number, group: string): Promise<Job[]>;

  /**
   * Records that the run waits for a maintainer (`workflow_run_approvals`), with the reason
   * shown to them. Idempotent: an existing row (pending or decided) is left as it is.
   */
  requestApproval(runId: number, reason: string, at: Date): Promise<void>;
}
