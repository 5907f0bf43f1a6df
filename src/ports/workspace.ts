/**
 * Job workspaces under `<workspace_root>/<run_id>/<job_id>` (SPEC §13), and the little state
 * the runner keeps beside them.
 */
/** A job's folders on the runner host, both created empty. */
export interface JobFolders {
  /** Absolute path of the workspace (the checkout; `/workspace` in a container), 0700, the step user's. */
  workspace: string;
  /**
   * Absolute path of the job's runner folder, kept out of the checkout: the runner's own
   * (0755, so a step cannot swap what is in it) and shared with the steps. It holds `temp/`
   * (`RUNNER_TEMP`, 0700, the step user's) and the per-step file-command files.
   */
  shared: string;
}

export interface Workspace {
  /** Creates the job's workspace and runner folder (emptied if they exist) and returns their paths. */
  create(runId: number, jobId: number): Promise<JobFolders>;
  /** Removes the job's workspace, its runner folder and an emptied run folder. Idempotent. */
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
