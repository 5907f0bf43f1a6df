/** The parsed workflow (SPEC §6): what `parseWorkflow` returns once a file has no errors. */
import type { ExprValue } from './expressions/values.js';

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
  on: Triggers;
  env: Record<string, string>;
  permissions: Permissions | null;
  concurrency: Concurrency | null;
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

export interface Triggers {
  push: PushTrigger | null;
  pullRequest: PullRequestTrigger | null;
  workflowDispatch: DispatchTrigger | null;
  /** `schedule:` crons, five POSIX fields each, evaluated in UTC. */
  schedule: string[];
}

/**
 * A list of GitHub globs. `include` runs when the last matching pattern is positive
 * (`branches`, `paths`); `ignore` runs when no pattern matches (`branches-ignore`, …).
 */
export interface Filter {
  mode: 'include' | 'ignore';
  patterns: string[];
}

export interface PushTrigger {
  branches: Filter | null;
  tags: Filter | null;
  paths: Filter | null;
}

export interface PullRequestTrigger {
  /** Activity types; `[opened, synchronize, reopened]` when the file names none. */
  types: string[];
  /** Matched against the pull request's base branch. */
  branches: Filter | null;
  paths: Filter | null;
}

export type DispatchInputType = 'string' | 'boolean' | 'choice' | 'environment' | 'number';

export interface DispatchInput {
  description: string;
  type: DispatchInputType;
  required: boolean;
  default: string | number | boolean | null;
  /** The allowed values of a `choice` input; empty for other types. */
  options: string[];
}

export interface DispatchTrigger {
  inputs: Record<string, DispatchInput>;
}

export interface WorkflowJob {
  /** The key under `jobs:`. */
  key: string;
  /** `name:`, or the key. May hold `${{ matrix.* }}`. */
  name: string;
  /** Every label must be on the runner; may hold `${{ matrix.* }}` until expanded. */
  runsOn: string[];
  needs: string[];
  /** The condition without `${{ }}`; '' when absent (then `success()` applies). */
  if: string;
  timeoutMinutes: number;
  env: Record<string, string>;
  permissions: Permissions | null;
  continueOnError: boolean;
  concurrency: Concurrency | null;
  strategy: Strategy | null;
  steps: WorkflowStep[];
}

export interface Strategy {
  matrix: Matrix;
  /** Default true: one failed combination cancels the others. */
  failFast: boolean;
  /** At most this many combinations run at once; null = no limit. */
  maxParallel: number | null;
}

export type MatrixRow = Record<string, ExprValue>;

export interface Matrix {
  /** Dimension name → values, in file order. */
  dimensions: Record<string, ExprValue[]>;
  include: MatrixRow[];
  exclude: MatrixRow[];
}

/** The actions the parser accepts in `uses:` (SPEC §6). */
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
  uses: SupportedAction | null;
  with: Record<string, string>;
  env: Record<string, string>;
  workingDirectory: string | null;
  shell: 'bash' | 'sh' | null;
  continueOnError: boolean;
  timeoutMinutes: number | null;
}
