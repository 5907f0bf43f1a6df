import type { Job } from './model/run.js';
import type { Runner } from './model/runner.js';
import type { RunLedger } from './run-ledger.js';

/** Which running jobs a sweep looks at; every given condition must hold. */
export interface RunningJobFilter {
  runnerId?: number;
  /** `deadline_at` earlier than this. */
  deadlineBefore?: Date;
  /** Cancel requested earlier than this. */
  cancelRequestedBefore?: Date;
  /** Assigned to a runner whose last heartbeat is earlier than this (or missing). */
  runnerSilentSince?: Date;
}

/** Job state changes after the claim: runner reports, cancel, sweeps, recovery. */
export interface JobLifecycle {
  /**
   * Runs `fn` in one transaction (all of it or none of it) with a ledger bound to it;
   * `at` is stamped as `updated_at` on every write. `fn` must not call other ports.
   */
  transaction<T>(at: Date, fn: (ledger: RunLedger) => Promise<T>): Promise<T>;

  /**
   * Running jobs matching the filter, oldest start first. A plain read: sweeps lock and
   * re-check each job in its own transaction, so replicas may sweep at the same time.
   */
  findRunningJobs(filter: RunningJobFilter): Promise<Job[]>;

  /** The runner, or undefined. */
  findRunner(runnerId: number): Promise<Runner | undefined>;
}
