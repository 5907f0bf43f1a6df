/**
 * The 200 answer of a claiming heartbeat (SPEC §7.1, facts §3.5): field names and types of
 * the original, so its Go runner can talk to this server unchanged. Never logged.
 */
import type { MintedJobToken } from '../../ports/job-tokens.js';
import type { NeededJobResult } from '../../ports/model/assignment.js';
import type { ClaimedJob } from '../../ports/model/queue.js';
import type { ContainerSpec, JsonObject, Step } from '../../ports/model/run.js';
import type { ResolvedSecrets } from '../forge/secret-resolution.js';
import type { ClaimContexts } from './claim-contexts.js';
import { formatWireTime } from './wire-time.js';

export interface ClaimStepPayload {
  id: number;
  index: number;
  step_id: string;
  name: string;
  if: string;
  run: string;
  uses: string;
  shell: string;
  working_directory: string;
  env: Record<string, string>;
  with: Record<string, string>;
  continue_on_error: boolean;
  timeout_minutes: number | null;
  /** Beyond the original (additive): templates the runner evaluates before the step ('' none). */
  continue_on_error_expr: string;
  timeout_minutes_expr: string;
}

export interface ClaimJobPayload {
  id: number;
  run_id: number;
  repo_id: number;
  run_index: number;
  workflow_file: string;
  workflow_name: string;
  checkout_url: string;
  checkout_token: string;
  head_sha: string;
  head_ref: string;
  event: string;
  event_payload: JsonObject;
  job_key: string;
  job_name: string;
  runs_on: string;
  runs_on_labels: string[];
  needs: string[];
  if: string;
  timeout_minutes: number;
  deadline_at: string | null;
  permissions: JsonObject;
  secrets: Record<string, string> | null;
  mask_values: string[] | null;
  env: Record<string, string>;
  steps: ClaimStepPayload[];
  /** Beyond the original (additive): the job's `matrix` context, `{}` without a matrix. */
  matrix: JsonObject;
  /** Additive: the `needs` context by `jobs:` key (`needs` above stays the original's key list). */
  needs_context: Record<string, NeededJobResult>;
  /** Additive: the `vars` context. */
  vars: Record<string, string>;
  /** Additive: the job's `outputs:` templates, evaluated by the runner when the job ends. */
  outputs: Record<string, string>;
  /** Additive: who triggered the run (`github.actor`). */
  actor: string;
  /** Additive: the job's `container:` as written (the runner evaluates its templates); null: none. */
  container: ContainerSpec | null;
  /** Additive: `services:` by key, as written. */
  services: Record<string, ContainerSpec>;
  /** Additive: the `inputs` context of a job a reusable workflow call brought in; null: the event's. */
  inputs: JsonObject | null;
}

export interface ClaimPayload {
  token: string;
  expires_at: string;
  job: ClaimJobPayload;
}

export interface ClaimPayloadInput {
  claimed: ClaimedJob;
  apiToken: MintedJobToken;
  checkoutToken: MintedJobToken;
  secrets: ResolvedSecrets;
  /** `server.base_url` without a trailing slash; empty gives an empty `checkout_url`. */
  baseUrl: string;
  /** `needs`, `vars` and the actor; empty when not given. */
  contexts?: ClaimContexts;
}

/** Builds the claim answer; JSON objects that are missing or not objects become `{}`. */
export function buildClaimPayload(input: ClaimPayloadInput): ClaimPayload {
  const { job, run, repo, steps } = input.claimed;
  return {
    token: input.apiToken.token,
    expires_at: formatWireTime(input.apiToken.expiresAt),
    job: {
      id: job.id,
      run_id: run.id,
      repo_id: repo.id,
      run_index: run.runIndex,
      workflow_file: run.workflowFile,
      workflow_name: run.workflowName,
      checkout_url: checkoutUrl(input.baseUrl, repo.ownerName, repo.name),
      checkout_token: input.checkoutToken.token,
      head_sha: run.headSha,
      head_ref: run.headRef,
      event: run.event,
      event_payload: objectOrEmpty(run.eventPayload),
      job_key: job.jobKey,
      job_name: job.jobName,
      runs_on: job.runsOn.join(','),
      runs_on_labels: [...job.runsOn],
      needs: [...job.needsJobs],
      if: job.ifExpr,
      timeout_minutes: job.timeoutMinutes,
      deadline_at: job.deadlineAt ? formatWireTime(job.deadlineAt) : null,
      permissions: objectOrEmpty(job.permissions),
      secrets: input.secrets.secrets,
      mask_values: input.secrets.maskValues,
      env: stringMap(job.jobEnv),
      steps: steps.map(stepPayload),
      matrix: objectOrEmpty(job.matrix),
      needs_context: input.contexts?.needs ?? {},
      vars: input.contexts?.vars ?? {},
      outputs: stringMap(job.outputTemplates),
      actor: input.contexts?.actor ?? '',
      container: job.containers?.container ?? null,
      services: job.containers?.services ?? {},
      inputs: job.call?.inputs ?? null,
    },
  };
}

/** `<base>/<owner>/<repo>.git` with both names path-escaped; empty without a base URL. */
export function checkoutUrl(baseUrl: string, owner: string, repo: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (base === '') return '';
  return `${base}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}.git`;
}

function stepPayload(step: Step): ClaimStepPayload {
  return {
    id: step.id,
    index: step.stepIndex,
    step_id: step.stepId,
    name: step.stepName,
    if: step.ifExpr,
    run: step.runCommand,
    uses: step.usesAlias,
    shell: step.shell,
    working_directory: step.workingDirectory,
    env: stringMap(step.stepEnv),
    with: stringMap(step.stepWith),
    continue_on_error: step.continueOnError,
    timeout_minutes: step.timeoutMinutes,
    continue_on_error_expr: step.continueOnErrorExpr ?? '',
    timeout_minutes_expr: step.timeoutMinutesExpr ?? '',
  };
}

function objectOrEmpty(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

function stringMap(value: unknown): Record<string, string> {
  return objectOrEmpty(value) as Record<string, string>;
}
