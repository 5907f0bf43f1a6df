/**
 * What a step sees (SPEC §6): the expression contexts built from the claim, the default
 * environment, and the rendered script with tainted values moved into variables.
 */
import type { AssignedJob, AssignedStep } from '../../ports/model/assignment.js';
import type { ExpressionContext } from '../workflows/expressions/evaluate.js';
import type { CheckStatus } from '../workflows/expressions/functions.js';
import { type ExprObject, type ExprValue, toExprValue } from '../workflows/expressions/values.js';
import { renderRunScript, resolveEnv } from '../workflows/render-run-script.js';

/** `owner/repo` from `<base>/<owner>/<repo>.git`; '' when the URL has no such path. */
export function repositoryName(checkoutUrl: string): string {
  const match = /\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(checkoutUrl.replace(/^[a-z]+:\/\/[^/]*/i, ''));
  if (!match?.[1] || !match[2]) return '';
  return `${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`;
}

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/** The `shithub` (alias `github`) context. */
function runContext(job: AssignedJob, workspace: string): ExprObject {
  return {
    event: job.eventPayload as ExprValue,
    event_name: job.event,
    sha: job.headSha,
    ref: job.headRef,
    ref_name: refName(job.headRef),
    repository: repositoryName(job.checkoutUrl),
    run_id: String(job.runId),
    run_number: String(job.runIndex),
    workflow: job.workflowName,
    job: job.jobKey,
    workspace,
  };
}

/** Contexts for `if:` and `${{ }}`; `env` is the job's env as resolved so far. */
export function expressionContext(
  job: AssignedJob,
  input: { status: CheckStatus; workspace: string; env?: Record<string, string>; tainted?: Set<string> },
): ExpressionContext {
  const run = runContext(job, input.workspace);
  const inputs = job.eventPayload.inputs;
  return {
    contexts: {
      shithub: run,
      github: run,
      env: { ...(input.env ?? {}) },
      secrets: { ...(job.secrets ?? {}) },
      job: { status: input.status },
      runner: { os: 'Linux', arch: 'X64', temp: '/tmp' },
      inputs: typeof inputs === 'object' && inputs !== null ? (inputs as ExprValue) : {},
      matrix: toExprValue(job.matrix ?? {}),
      needs: {},
      vars: {},
    },
    status: input.status,
    taintedEnv: input.tainted ?? new Set(),
  };
}

/** The variables every step gets, under both the GitHub and the shithub names. */
export function defaultStepEnv(job: AssignedJob, workspace: string): Record<string, string> {
  const env: Record<string, string> = { CI: 'true', RUNNER_OS: 'Linux', RUNNER_TEMP: '/tmp' };
  const facts: Record<string, string> = {
    ACTIONS: 'true',
    WORKSPACE: workspace,
    SHA: job.headSha,
    REF: job.headRef,
    REF_NAME: refName(job.headRef),
    REPOSITORY: repositoryName(job.checkoutUrl),
    RUN_ID: String(job.runId),
    RUN_NUMBER: String(job.runIndex),
    JOB: job.jobKey,
    EVENT_NAME: job.event,
    WORKFLOW: job.workflowName,
  };
  for (const [key, value] of Object.entries(facts)) {
    env[`GITHUB_${key}`] = value;
    env[`SHITHUB_${key}`] = value;
  }
  return env;
}

/** A `run:` step ready for the engine: the script and every environment variable. */
export interface PreparedRun {
  script: string;
  env: Record<string, string>;
}

/**
 * Resolves job then step `env:` and renders the script. Throws DomainError invalid for an
 * expression that does not parse or fails.
 */
export function prepareRunStep(
  job: AssignedJob,
  step: AssignedStep,
  input: { status: CheckStatus; workspace: string },
): PreparedRun {
  const base = expressionContext(job, input);
  const resolved = resolveEnv([job.env, step.env], base);
  const context = expressionContext(job, { ...input, env: resolved.env, tainted: resolved.taintedEnv });
  const rendered = renderRunScript(step.run, context);
  return {
    script: rendered.script,
    env: { ...defaultStepEnv(job, input.workspace), ...resolved.env, ...rendered.env },
  };
}
