import type { Conclusion, Run, RunApproval, RunStatus, StepLogChunk } from './model/run.js';

/** Which runs of one repository a listing shows; every given condition must hold. */
export interface RunFilter {
  repoId: number;
  /** Any of these statuses. */
  statuses?: RunStatus[];
  conclusion?: Conclusion;
  event?: string;
  /** Any of these refs, compared exactly (`refs/heads/trunk`). */
  headRefs?: string[];
  /** Any of these workflow paths, compared exactly. */
  workflowFiles?: string[];
  actorUserId?: number;
  /** The run with this per-repository index (the web UI's `/actions/runs/{run_index}`). */
  runIndex?: number;
}

/** One page of a listing: `offset` rows skipped, at most `limit` returned. */
export interface PageRequest {
  limit: number;
  offset: number;
}

export interface RunPage {
  /** Every run matching the filter, across all pages. */
  totalCount: number;
  /** Newest first (highest id first). */
  runs: Run[];
}

/** Read-only views of runs for the API and the UI: listings, approvals, stored logs. */
export interface RunQueries {
  /**
   * The page of runs matching the filter, newest first, and the total count. A plain read
   * (no locks); the count and the page come from one statement snapshot on PostgreSQL.
   */
  listRuns(filter: RunFilter, page: PageRequest): Promise<RunPage>;

  /** The run's approval row, or undefined when none was recorded. */
  getRunApproval(runId: number): Promise<RunApproval | undefined>;

  /**
   * The log chunks still stored in the database for these steps, ordered by step id then
   * `seq` (steps whose logs were archived to the object store have none here).
   */
  listLogChunks(stepIds: number[]): Promise<StepLogChunk[]>;
}
