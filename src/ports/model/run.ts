/** Workflow runs, jobs and steps (SPEC §10, facts §4.2–4.4). Status values match the wire. */

export type RunStatus = 'queued' | 'running' | 'completed' | 'cancelled';
export type JobStatus = 'queued' | 'running' | 'completed' | 'cancelled' | 'skipped';
export type StepStatus = JobStatus;
export type Conclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'action_required';
export type RunEvent = 'push' | 'pull_request' | 'schedule' | 'workflow_dispatch';

export type JsonObject = { [key: string]: unknown };

export interface Run {
  id: number;
  repoId: number;
  runIndex: number;
  workflowFile: string;
  workflowName: string;
  headSha: string;
  headRef: string;
  event: RunEvent;
  eventPayload: JsonObject;
  actorUserId: number | null;
  parentRunId: number | null;
  concurrencyGroup: string;
  status: RunStatus;
  conclusion: Conclusion | null;
  pinned: boolean;
  needApproval: boolean;
  approvedByUserId: number | null;
  /** Parse diagnostics of a workflow file that failed to load (the run is then failed). */
  diagnostics: unknown[] | null;
  triggerEventId: string;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Job extends JobOptions {
  id: number;
  runId: number;
  jobIndex: number;
  jobKey: string;
  jobName: string;
  /** Requested labels; every one must be on the runner. Empty matches any runner. */
  runsOn: string[];
  runnerId: number | null;
  needsJobs: string[];
  ifExpr: string;
  timeoutMinutes: number;
  permissions: JsonObject;
  jobEnv: Record<string, string>;
  status: JobStatus;
  conclusion: Conclusion | null;
  /**
   * The job token chain its job calls must carry (0 at the claim): chain recovery moves it
   * on, so the earlier chain's unspent token stops working. Absent reads as 0.
   */
  tokenChain?: number;
  /** Why the server finalised the job itself (`runner_lost`, `deadline_exceeded`, …). */
  statusReason: string | null;
  cancelRequested: boolean;
  cancelRequestedAt: Date | null;
  deadlineAt: Date | null;
  /**
   * The job's `outputs:` as its runner evaluated them when it ended (masked values already
   * `***`); `{}` before that. What dependents read as `needs.<job>.outputs`.
   */
  outputs?: Record<string, string>;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Per-job options from the workflow, stored with the job (`workflow_jobs`). Optional so
 * plans and rows built without them read as the defaults: `{}`, '', false, false, ''.
 */
export interface JobOptions {
  /** The matrix combination's values: the job's `matrix` context. `{}` without a matrix. */
  matrix?: JsonObject;
  /** The `jobs:` key of the matrix job this combination came from; '' without a matrix. */
  matrixGroup?: string;
  /** `strategy.fail-fast` (GitHub's default true) of a matrix job; false without a matrix. */
  failFast?: boolean;
  /** The job's `continue-on-error`. */
  continueOnError?: boolean;
  /** The job's own `concurrency` group, resolved at enqueue ('' when none). */
  concurrencyGroup?: string;
  /**
   * `strategy.max-parallel` of a matrix job: at most this many jobs of its `matrixGroup` in
   * the run are running at once; 0 (the default) without a limit or without a matrix.
   */
  maxParallel?: number;
  /** `outputs:` name → template, evaluated by the runner when the job ends. */
  outputTemplates?: Record<string, string>;
  /**
   * `timeout-minutes` / `continue-on-error` templates that read `needs` (so wait until the
   * job is ready, see `resolveReadyJobs`); '' when the plain field holds the value. A
   * `runs-on` label written `${{ … }}` waits the same way, in `runsOn` itself.
   */
  timeoutMinutesExpr?: string;
  continueOnErrorExpr?: string;
  /** `container:` and `services:` as written (templates the runner evaluates); null when neither. */
  containers?: JobContainers | null;
  /** How a reusable workflow call binds this job (a job it brought in); null otherwise. */
  call?: JobCallBinding | null;
}

/** A job `container:` or one `services:` entry as the workflow wrote it; strings may hold `${{ }}`. */
export interface ContainerSpec {
  image: string;
  env: Record<string, string>;
  options: string | null;
  credentials: { username: string; password: string } | null;
  ports: string[];
  volumes: string[];
}

export interface JobContainers {
  container: ContainerSpec | null;
  /** Service key (its host name) → sidecar. */
  services: Record<string, ContainerSpec>;
}

/**
 * A job of a called workflow (`jobs.<caller>.uses`), planned as `<caller>/<job>`: what the call
 * passes in and how the caller's outputs come out of the called jobs.
 */
export interface JobCallBinding {
  /** The calling job's key: dependents of the caller read these jobs as `needs.<caller>`. */
  caller: string;
  /** The job's key in the called file (its name in the `jobs` context of `outputs`). */
  job: string;
  /** The `inputs` context: the call's `with:` over the called file's defaults, typed. */
  inputs: JsonObject;
  /** `inherit`: every secret of the caller; else name → template over the caller's `secrets`. */
  secrets: 'inherit' | Record<string, string>;
  /** The called file's `on.workflow_call.outputs`: name → template over `jobs`. */
  outputs: Record<string, string>;
}

/** Per-step options, optional like `JobOptions` (stored defaults: '', '', null). */
export interface StepOptions {
  /** A `timeout-minutes` / `continue-on-error` template the runner evaluates; '' when none. */
  timeoutMinutesExpr?: string;
  continueOnErrorExpr?: string;
}

export interface Step extends StepOptions {
  id: number;
  jobId: number;
  stepIndex: number;
  stepId: string;
  stepName: string;
  ifExpr: string;
  runCommand: string;
  usesAlias: string;
  shell: string;
  workingDirectory: string;
  stepEnv: Record<string, string>;
  stepWith: Record<string, string>;
  continueOnError: boolean;
  timeoutMinutes: number | null;
  status: StepStatus;
  conclusion: Conclusion | null;
  /** The finalised log's object (`actions/runs/…/steps/<n>.log`); null while it is in SQL. */
  logObjectKey: string | null;
  /** Bytes of the finalised log (0 before finalisation). */
  logByteCount: number;
  /** The step's `$GITHUB_STEP_SUMMARY` Markdown (≤ 1 MiB, scrubbed), null when it wrote none. */
  summary?: string | null;
  /** Lower-case hex SHA-256 of the finalised log; null before finalisation. */
  logSha256: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A run as the enqueue path plans it, before ids exist. */
export interface PlannedRun {
  repoId: number;
  workflowFile: string;
  workflowName: string;
  headSha: string;
  headRef: string;
  event: RunEvent;
  eventPayload: JsonObject;
  actorUserId: number | null;
  parentRunId: number | null;
  concurrencyGroup: string;
  needApproval: boolean;
  diagnostics: unknown[] | null;
  triggerEventId: string;
  jobs: PlannedJob[];
}

export interface PlannedJob extends JobOptions {
  jobKey: string;
  jobName: string;
  runsOn: string[];
  needsJobs: string[];
  ifExpr: string;
  timeoutMinutes: number;
  permissions: JsonObject;
  jobEnv: Record<string, string>;
  steps: PlannedStep[];
  /** Set when a rerun copies this job's earlier result instead of queueing it again. */
  copiedResult?: CopiedResult;
}

/** A finished result carried over from an earlier run (rerun with `failedOnly`). */
export interface CopiedResult {
  status: 'completed' | 'cancelled' | 'skipped';
  conclusion: Conclusion;
  startedAt: Date | null;
  completedAt: Date | null;
  /** A copied job's outputs (so a rerun's dependents still read them). */
  outputs?: Record<string, string>;
}

export interface PlannedStep extends StepOptions {
  stepId: string;
  stepName: string;
  ifExpr: string;
  runCommand: string;
  usesAlias: string;
  shell: string;
  workingDirectory: string;
  stepEnv: Record<string, string>;
  stepWith: Record<string, string>;
  continueOnError: boolean;
  timeoutMinutes: number | null;
  /** Set when a rerun copies this step's earlier result (its job is copied too). */
  copiedResult?: CopiedResult;
}

/**
 * A run's approval request and the maintainer's decision (`workflow_run_approvals`,
 * facts §7). At most one of the approved / rejected pairs is set.
 */
export interface RunApproval {
  runId: number;
  requestedReason: string;
  requestedAt: Date;
  approvedByUserId: number | null;
  approvedAt: Date | null;
  rejectedByUserId: number | null;
  rejectedAt: Date | null;
}

/** One stored piece of a step's log (`workflow_step_log_chunks`), raw bytes as received. */
export interface StepLogChunk {
  stepId: number;
  seq: number;
  chunk: Uint8Array;
  /** When the server stored it: the time of the lines it holds, to the runner's flush interval. */
  createdAt: Date;
}
