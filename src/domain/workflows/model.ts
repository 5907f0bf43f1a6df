/** The parsed workflow (SPEC §6): what `parseWorkflow` returns once a file has no errors. */
import type { JobCallBinding } from '../../ports/model/run.js';
import type { ExprValue } from './expressions/values.js';
import type { JobContainer, JobEnvironment, ReusableWorkflowCall, RunDefaults } from './model-job-parts.js';
import type { Triggers, WorkflowCallTrigger } from './model-triggers.js';

/** One problem found in a workflow file; `path` names the key (`jobs.build.steps[2].uses`). */
export interface Diagnostic {
  path: string;
  /** 1-based line of the key or list item in the file, when known. */
  line: number | null;
  message: string;
  severity: 'error' | 'warning';
}

export interface Workflow {
  /** Repository path of the file (`.shithub/workflows/ci.yml`). */
  file: string;
  /** `name:`, or the file path when absent (as GitHub shows it). */
  name: string;
  /** `run-name:` as written (may hold `${{ }}`), or null. */
  runName: string | null;
  on: Triggers;
  /** `on.workflow_call`: what a calling job passes and gets back; null when not callable. */
  workflowCall: WorkflowCallTrigger | null;
  /** Events GitHub knows but this server never fires (`release`, `merge_group`, …): ignored. */
  ignoredEvents: string[];
  env: Record<string, string>;
  permissions: Permissions | null;
  concurrency: Concurrency | null;
  /** The file's `defaults.run`; each job's `defaults` already includes it. */
  defaults: RunDefaults;
  /** In file order: that order is the run's `job_index`. */
  jobs: WorkflowJob[];
}

/** `read-all` / `write-all`, or scope → access (`{}` means none at all). */
export type Permissions = 'read-all' | 'write-all' | Record<string, 'read' | 'write' | 'none'>;

export interface Concurrency {
  /** Group template; may hold `${{ }}` (resolved at enqueue without secrets). */
  group: string;
  /** A boolean, or an expression (`${{ github.ref != 'refs/heads/main' }}`). */
  cancelInProgress: boolean | string;
}

/**
 * A list of GitHub globs. `include` runs when the last matching pattern is positive
 * (`branches`, `paths`); `ignore` runs when no pattern matches (`branches-ignore`, …).
 */
export interface Filter {
  mode: 'include' | 'ignore';
  patterns: string[];
}

/**
 * One job. Fields written as `${{ }}` keep their template in `…Expr` and the default in the
 * plain field: `expandJobs` resolves those reading only plan-time contexts, the runner the rest.
 */
export interface WorkflowJob {
  /** The key under `jobs:`. */
  key: string;
  /** `name:`, or the key. May hold `${{ matrix.* }}`. */
  name: string;
  /** Every label must be on the runner; may hold `${{ }}` until expanded. Empty for `uses` jobs. */
  runsOn: string[];
  /** `runs-on: {group: …}`: carried, not matched (runner groups do not exist here). */
  runnerGroup: string | null;
  needs: string[];
  /** The condition without `${{ }}`; '' when absent (then `success()` applies). */
  if: string;
  timeoutMinutes: number;
  timeoutMinutesExpr: string | null;
  env: Record<string, string>;
  permissions: Permissions | null;
  continueOnError: boolean;
  continueOnErrorExpr: string | null;
  concurrency: Concurrency | null;
  strategy: Strategy | null;
  /** Output name → template, evaluated when the job ends (`needs.<job>.outputs.<name>`). */
  outputs: Record<string, string>;
  /** The workflow's `defaults.run` under the job's; already applied to its run steps. */
  defaults: RunDefaults;
  container: JobContainer | null;
  /** Service key (its host name) → sidecar container. */
  services: Record<string, JobContainer>;
  environment: JobEnvironment | null;
  /** Set when the job calls a reusable workflow; then `runsOn` and `steps` are empty. */
  uses: ReusableWorkflowCall | null;
  steps: WorkflowStep[];
  /**
   * Set on the jobs `expandWorkflowCalls` brought in from a called workflow (their `env` then
   * already holds the called file's own `env:`, not the caller's); absent from the parser.
   */
  call?: JobCallBinding | null;
}

export interface Strategy {
  /** The combinations written out; parts given as `${{ }}` are in `matrixExpr` instead. */
  matrix: Matrix;
  /** `matrix: ${{ … }}` whole (key ''), or dimension / `include` / `exclude` → template. */
  matrixExpr: Record<string, string>;
  /** Default true: one failed combination cancels the others. */
  failFast: boolean;
  failFastExpr: string | null;
  /** At most this many combinations run at once; null = no limit. */
  maxParallel: number | null;
  maxParallelExpr: string | null;
}

export type MatrixRow = Record<string, ExprValue>;

export interface Matrix {
  /** Dimension name → values, in file order. */
  dimensions: Record<string, ExprValue[]>;
  include: MatrixRow[];
  exclude: MatrixRow[];
}

/** The actions runners execute themselves (SPEC §6); checkout at any ref runs as `@v4`. */
export type SupportedAction =
  | 'actions/checkout@v4'
  | 'shithub/upload-artifact@v1'
  | 'shithub/download-artifact@v1';

export interface WorkflowStep {
  /** Position in the job, from 0. */
  index: number;
  id: string | null;
  /** `name:`, or `Run <first line of run>` / `Run <uses>` as GitHub shows it. */
  name: string;
  if: string;
  run: string | null;
  /** What the runner executes: a `SupportedAction`, or `./path` of a local action. */
  uses: string | null;
  /** `uses:` as written (`actions/checkout@<40 hex>`). */
  usesSource: string | null;
  with: Record<string, string>;
  env: Record<string, string>;
  /** The step's own, else `defaults.run.working-directory` (run steps only). */
  workingDirectory: string | null;
  /** `bash`, `sh`, `pwsh`, `python`, `cmd`, `powershell`, a `{0}` template or `${{ }}`; else the default. */
  shell: string | null;
  continueOnError: boolean;
  continueOnErrorExpr: string | null;
  timeoutMinutes: number | null;
  timeoutMinutesExpr: string | null;
}
