/**
 * Job workspaces under `<workspace_root>/<run_id>/<job_id>` (SPEC §13), and the little state
 * the runner keeps beside them.
 */
export interface Workspace {
  /** Creates the job's workspace (mode 0700, emptied if it exists) and returns its absolute path. */
  create(runId: number, jobId: number): Promise<string>;
  /** Removes the job's workspace and an emptied run folder. Idempotent. */
  remove(runId: number, jobId: number): Promise<void>;
  /**
   * Removes job workspaces last modified before `olderThan` (and emptied run folders);
   * returns how many job workspaces went.
   */
  sweep(olderThan: Date): Promise<number>;
  /** The runner id learnt from an earlier claim, or null (first start). */
  loadRunnerId(): Promise<number | null>;
  /** Remembers the runner id for the container garbage collection of the next start. */
  saveRunnerId(runnerId: number): Promise<void>;
}
