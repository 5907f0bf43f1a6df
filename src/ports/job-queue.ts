import type {
  ClaimOutcome,
  ClaimRequest,
  JobWaitContext,
  QueueGroup,
  RunnerLoad,
  RunningJobView,
  UndeliveredClaim,
} from './model/queue.js';

/** The queue of jobs: the atomic claim and the views that explain it. */
export interface JobQueue {
  /**
   * Atomically, in one transaction: locks the runner row (`unknown_runner` without one),
   * reads it with its running-job count and applies `decideClaim`
   * (`domain/runners/decide-claim.ts`): a revoked runner gets `revoked` (nothing stored);
   * otherwise the heartbeat it decides is stored and the answer is `draining` or
   * `at_capacity`, or the oldest claimable job (`created_at`, `id`) of SPEC §9.1 is
   * assigned to the runner: running, `started_at`, `deadline_at = now + timeout`, its run
   * started if queued (`no_job` when there is none).
   * Two concurrent callers never get the same job (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claim(request: ClaimRequest): Promise<ClaimOutcome>;

  /**
   * Atomically puts back a job whose claim answer never reached its runner (SPEC §9.1):
   * when it is still running on `runnerId` with no step begun and fewer than
   * `maxUndelivered` earlier returns, it is queued and unassigned again (`started_at` and
   * `deadline_at` cleared; its run back to queued when none of the run's jobs left the
   * queue and the run row is free) and its return is counted: `requeued`. With
   * `maxUndelivered` returns already counted nothing changes: `exhausted` (the caller ends
   * it). `not_claimed` when it is not running on that runner, or a step began.
   */
  returnUndelivered(input: UndeliveredClaim): Promise<'requeued' | 'exhausted' | 'not_claimed'>;

  /** Queued, unclaimed, not cancel-requested jobs grouped by requested label set (any order). */
  listQueueGroups(): Promise<QueueGroup[]>;

  /** The wait contexts of these jobs (unknown ids are left out); read-only, no locks. */
  loadWaitContexts(jobIds: number[]): Promise<JobWaitContext[]>;

  /** Every runner with its running-job count, by id. */
  listRunnerLoads(): Promise<RunnerLoad[]>;

  /** Running jobs, oldest start first, optionally of one runner, at most `limit`. */
  listRunningJobs(filter: { runnerId?: number; limit: number }): Promise<RunningJobView[]>;
}
