/** What the claim returns and what the queue views read (SPEC §9, §14). */
import type { ScopedPolicy, SitePolicy } from './forge.js';
import type { Job, Run, Step } from './run.js';
import type { Runner } from './runner.js';

/** A repository as a claimed job names it (`<ownerName>/<name>`), with its owning organisation. */
export interface RepoRef {
  id: number;
  ownerName: string;
  name: string;
  /** For organisation secrets (SPEC §12); null for a user's repository. */
  ownerOrgId: number | null;
}

/** The heartbeat fields a claim persists before it decides (omitted ones keep their value). */
export interface ClaimRequest {
  runnerId: number;
  labels?: string[];
  capacity?: number;
  hostName?: string;
  version?: string;
  /** The clock's instant: heartbeat time, job start, deadline base. */
  now: Date;
}

export interface ClaimedJob {
  kind: 'claimed';
  job: Job;
  run: Run;
  /** In step order. */
  steps: Step[];
  repo: RepoRef;
}

/** A claim to put back because its answer never reached the runner (`JobQueue.returnUndelivered`). */
export interface UndeliveredClaim {
  jobId: number;
  runnerId: number;
  now: Date;
  /** Returns allowed per job; the next undelivered claim is `exhausted`. */
  maxUndelivered: number;
}

export type ClaimOutcome =
  | ClaimedJob
  | { kind: 'no_job' | 'draining' | 'at_capacity' }
  | { kind: 'revoked' | 'unknown_runner' };

/** Policy rows that apply to one repository, nearest last. */
export interface PolicyChain {
  site: SitePolicy;
  org: ScopedPolicy | null;
  repo: ScopedPolicy | null;
}

/** Queued, unclaimed, not cancel-requested jobs that request one label set. */
export interface QueueGroup {
  /** The requested labels as stored (empty: any runner). */
  runsOn: string[];
  queuedJobs: number;
  oldestQueuedAt: Date;
  /** The oldest job of the group (by created_at, id): its waiting reason stands for the group. */
  oldestJobId: number;
}

/** Everything that decides whether one queued job could be claimed, runners aside. */
export interface JobWaitContext {
  job: Job;
  run: Run;
  /** The jobs of the same run this job needs, as they stand now. */
  needs: Pick<Job, 'jobKey' | 'status' | 'conclusion'>[];
  /** An older run of the same concurrency group that still has open jobs, or null. */
  blockingRunId: number | null;
  /**
   * For a job with its own `concurrency` group: a running job of that group in the
   * repository, else an older queued one (not cancel-requested); null when none.
   */
  blockingJobId: number | null;
  /** Running jobs of the job's matrix (same run and `matrixGroup`); 0 without a matrix. */
  matrixRunningJobs: number;
  repoRunningJobs: number;
  ownerRunningJobs: number;
  policy: PolicyChain;
}

/** A runner and how many jobs it is running now. */
export interface RunnerLoad {
  runner: Runner;
  runningJobs: number;
}

/** A running job with where it runs, for `admin runner jobs`. */
export interface RunningJobView {
  job: Job;
  run: Run;
  /** `<owner>/<name>`. */
  repository: string;
  runner: Runner | null;
}
