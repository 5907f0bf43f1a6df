import type {
  ClaimOutcome,
  ClaimRequest,
  JobWaitContext,
  QueueGroup,
  RunnerLoad,
  RunningJobView,
} from './model/queue.js';

/** The queue of jobs: the atomic claim and the views that explain it. */
export interface JobQueue {
  /**
   * Atomically, in one transaction: locks the runner row; a revoked runner gets `revoked`
   * (nothing stored); otherwise stores the heartbeat (given labels/capacity/host/version,
   * `last_heartbeat_at = now`, status idle|busy) and answers `draining` or `at_capacity`,
   * or assigns the oldest claimable job (`created_at`, `id`) of SPEC §9.1 to the runner:
   * running, `started_at`, `deadline_at = now + timeout`, its run started if queued.
   * Two concurrent callers never get the same job (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claim(request: ClaimRequest): Promise<ClaimOutcome>;

  /** Queued, unclaimed, not cancel-requested jobs grouped by requested label set (any order). */
  listQueueGroups(): Promise<QueueGroup[]>;

  /** The wait contexts of these jobs (unknown ids are left out); read-only, no locks. */
  loadWaitContexts(jobIds: number[]): Promise<JobWaitContext[]>;

  /** Every runner with its running-job count, by id. */
  listRunnerLoads(): Promise<RunnerLoad[]>;

  /** Running jobs, oldest start first, optionally of one runner, at most `limit`. */
  listRunningJobs(filter: { runnerId?: number; limit: number }): Promise<RunningJobView[]>;
}
