/**
 * A job as the runner receives it from a claiming heartbeat (SPEC §7.1, facts §3.5), in
 * the runner's own camelCase shape. Holds the job's secrets: never logged.
 */
import type { Annotation } from './annotation.js';
import type { Conclusion, ContainerSpec, JsonObject } from './run.js';

export interface AssignedStep {
  /** Database id: the `{step_id}` of the step status endpoint and of log chunks. */
  id: number;
  index: number;
  /** The workflow's `id:` of the step ('' when none). */
  stepKey: string;
  name: string;
  ifExpr: string;
  run: string;
  uses: string;
  /** `bash`, `sh`, `python`, a `{0}` template, …; '' means the default (bash). */
  shell: string;
  workingDirectory: string;
  env: Record<string, string>;
  with: Record<string, string>;
  continueOnError: boolean;
  timeoutMinutes: number | null;
  /** Templates evaluated before the step runs (they may read `steps`, `needs`, `vars`); '' or absent when none. */
  continueOnErrorExpr?: string;
  timeoutMinutesExpr?: string;
}

/** One entry of the `needs` context: a needed job's result and outputs. */
export interface NeededJobResult {
  result: string;
  outputs: Record<string, string>;
}

export interface AssignedJob {
  id: number;
  runId: number;
  repoId: number;
  runIndex: number;
  workflowFile: string;
  workflowName: string;
  checkoutUrl: string;
  checkoutToken: string;
  headSha: string;
  headRef: string;
  event: string;
  eventPayload: JsonObject;
  jobKey: string;
  jobName: string;
  runsOn: string[];
  ifExpr: string;
  timeoutMinutes: number;
  permissions: JsonObject;
  secrets: Record<string, string> | null;
  maskValues: string[] | null;
  /** Workflow and job `env:` merged, expressions not yet rendered. */
  env: Record<string, string>;
  steps: AssignedStep[];
  /** The `matrix` context (`{}` without a matrix, or from a server that sends none). */
  matrix?: JsonObject;
  /** The `needs` context by `jobs:` key; absent from a server that sends none. */
  needs?: Record<string, NeededJobResult>;
  /** The `vars` context (repository over organisation variables). */
  vars?: Record<string, string>;
  /** `outputs:` name → template, evaluated when the job ends. */
  outputs?: Record<string, string>;
  /** Who triggered the run (`github.actor`); '' when unknown. */
  actor?: string;
  /** The job's `container:` as written (the runner evaluates its templates); absent or null: none. */
  container?: ContainerSpec | null;
  /** `services:` by key, as written. */
  services?: Record<string, ContainerSpec>;
  /** The `inputs` context of a job a reusable workflow call brought in; absent: the event's inputs. */
  inputs?: JsonObject | null;
}

/** A claim: the job and the first token of its chain. */
export interface Assignment {
  token: string;
  /** The runner's own id, read from the token's `sub` (`runner:<id>`); null when absent. */
  runnerId: number | null;
  job: AssignedJob;
}

/** What the runner reports for a job or a step. */
export interface StatusReport {
  status: 'running' | 'completed' | 'cancelled' | 'skipped';
  conclusion?: Conclusion;
  startedAt?: Date;
  completedAt?: Date;
  /** Values `::add-mask::` added since the last call that carried some (the server masks them too). */
  addMasks?: string[];
  /** A step's `$GITHUB_STEP_SUMMARY`, scrubbed. */
  summary?: string;
  annotations?: Annotation[];
  /** The job's evaluated `outputs:` (job reports only), scrubbed. */
  outputs?: Record<string, string>;
}
