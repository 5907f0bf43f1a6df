/**
 * What a step sees (SPEC §6): the expression contexts built from the claim and the job's state
 * so far, the default environment, and the rendered script with tainted values moved into
 * variables.
 */
import type { AssignedJob, AssignedStep } from '../../ports/model/assignment.js';
import type { ExpressionContext } from '../workflows/expressions/evaluate.js';
import type { CheckStatus } from '../workflows/expressions/functions.js';
import { type ExprObject, type ExprValue, toExprValue } from '../workflows/expressions/values.js';
import { type ResolvedEnv, renderRunScript, resolveEnv } from '../workflows/render-run-script.js';
import type { JobState, StepRecord } from './job-state.js';

/** `owner/repo` from `<base>/<owner>/<repo>.git`; '' when the URL has no such path. */
export function repositoryName(checkoutUrl: string): string {
  const match = /\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(checkoutUrl.replace(/^[a-z]+:\/\/[^/]*/i, ''));
  if (!match?.[1] || !match[2]) return '';
  return `${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`;
}

/** The server's base URL: the checkout URL without `/<owner>/<repo>.git`. */
export function serverUrl(checkoutUrl: string): string {
  return checkoutUrl.replace(/\/[^/]+\/[^/]+?(?:\.git)?\/?$/, '');
}

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/** Where a step is: the workspace and temp folder as the step sees them. */
export interface StepPlace {
  status: CheckStatus;
  workspace: string;
  /** `RUNNER_TEMP` as the step sees it; `/tmp` when the job has no temp folder. */
  temp?: string;
  /** `GITHUB_EVENT_PATH` as the step sees it (the event payload as JSON), when there is one. */
  eventPath?: string;
  /** The job's state so far (`steps` context, `$GITHUB_ENV` values). */
  state?: JobState;
  /** `hashFiles()` over the workspace. */
  hashFiles?: (patterns: readonly string[]) => string;
  /** Inside a composite action: its `inputs`, its own `steps` and folder, and the env it was given. */
  action?: ActionScope;
}

/** What a composite action's sub-steps see instead of the job's `inputs` and `steps`. */
export interface ActionScope {
  inputs: Record<string, string>;
  steps: Record<string, StepRecord>;
  /** The action's folder as the step sees it (`github.action_path`, `GITHUB_ACTION_PATH`). */
  path: string;
  /** The `uses:` step's own `env:`, resolved: over the job's, under each sub-step's. */
  env: ResolvedEnv;
  /** 1 for a step's composite, 2 for one it uses. */
  depth: number;
  /** The sub-step counter of the whole step (each sub-step gets its own container and files). */
  parts: { next: number };
}

/** The `shithub` (alias `github`) context. */
function runContext(job: AssignedJob, place: StepPlace): ExprObject {
  const server = serverUrl(job.checkoutUrl);
  const repository = repositoryName(job.checkoutUrl);
  return {
    event: job.eventPayload as ExprValue,
    event_name: job.event,
    sha: job.headSha,
    ref: job.headRef,
    ref_name: refName(job.headRef),
    ref_type: job.headRef.startsWith('refs/tags/') ? 'tag' : 'branch',
    repository,
    repository_owner: repository.split('/')[0] ?? '',
    actor: job.actor ?? '',
    triggering_actor: job.actor ?? '',
    run_id: String(job.runId),
    run_number: String(job.runIndex),
    run_attempt: '1',
    server_url: server,
    api_url: server === '' ? '' : `${server}/api/v1`,
    workflow: job.workflowName,
    job: job.jobKey,
    workspace: place.workspace,
    ...(place.action ? { action_path: place.action.path } : {}),
  };
}

/** Contexts for `if:` and `${{ }}`; `env` is the job's env as resolved so far. */
export function expressionContext(
  job: AssignedJob,
  input: StepPlace & { env?: Record<string, string>; tainted?: Set<string> },
): ExpressionContext {
  const run = runContext(job, input);
  const inputs = input.action?.inputs ?? job.inputs ?? job.eventPayload.inputs;
  return {
    contexts: {
      shithub: run,
      github: run,
      env: { ...(input.env ?? {}) },
      secrets: { ...(job.secrets ?? {}) },
      job: { status: input.status },
      runner: { os: 'Linux', arch: 'X64', temp: input.temp ?? '/tmp', debug: input.state?.debug ? '1' : '' },
      inputs: typeof inputs === 'object' && inputs !== null ? (inputs as ExprValue) : {},
      matrix: toExprValue(job.matrix ?? {}),
      needs: toExprValue(job.needs ?? {}),
      vars: { ...(job.vars ?? {}) },
      steps: toExprValue(input.action?.steps ?? input.state?.steps ?? {}),
    },
    status: input.status,
    taintedEnv: input.tainted ?? new Set(),
    hashFiles: input.hashFiles,
  };
}

/** The variables every step gets, under both the GitHub and the shithub names. */
export function defaultStepEnv(
  job: AssignedJob,
  workspace: string,
  temp = '/tmp',
  eventPath?: string,
): Record<string, string> {
  const env: Record<string, string> = {
    CI: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: temp,
  };
  const run = runContext(job, { status: 'success', workspace });
  const facts: Record<string, string> = { ACTIONS: 'true', EVENT_NAME: job.event, RUN_ATTEMPT: '1' };
  for (const key of ['workspace', 'sha', 'ref', 'ref_name', 'ref_type', 'repository', 'repository_owner'])
    facts[key.toUpperCase()] = String(run[key]);
  for (const key of ['actor', 'triggering_actor', 'run_id', 'run_number', 'job', 'workflow'])
    facts[key.toUpperCase()] = String(run[key]);
  facts.SERVER_URL = String(run.server_url);
  facts.API_URL = String(run.api_url);
  if (eventPath) facts.EVENT_PATH = eventPath;
  for (const [key, value] of Object.entries(facts)) {
    env[`GITHUB_${key}`] = value;
    env[`SHITHUB_${key}`] = value;
  }
  return env;
}

/**
 * The job's `env:` resolved, with `$GITHUB_ENV` values over it (literal, and tainted: a
 * step may have written event data there). Throws DomainError invalid for a bad expression.
 */
export function resolveJobEnv(job: AssignedJob, place: StepPlace): ResolvedEnv {
  const resolved = resolveEnv([job.env], expressionContext(job, place));
  const written = place.state?.env ?? {};
  return {
    env: { ...resolved.env, ...written },
    taintedEnv: new Set([...resolved.taintedEnv, ...Object.keys(written)]),
  };
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
export function prepareRunStep(job: AssignedJob, step: AssignedStep, place: StepPlace): PreparedRun {
  const jobEnv = resolveJobEnv(job, place);
  const base = place.action ? overlayEnv(jobEnv, place.action.env) : jobEnv;
  const resolved = resolveEnv([step.env], expressionContext(job, place), base);
  const context = expressionContext(job, { ...place, env: resolved.env, tainted: resolved.taintedEnv });
  const rendered = renderRunScript(step.run, context);
  const actionPath: Record<string, string> = place.action ? { GITHUB_ACTION_PATH: place.action.path } : {};
  return {
    script: rendered.script,
    env: {
      ...defaultStepEnv(job, place.workspace, place.temp, place.eventPath),
      ...actionPath,
      ...resolved.env,
      ...rendered.env,
    },
  };
}

/** `top` over `under`: its keys win, and are tainted exactly when they are in `top`. */
export function overlayEnv(under: ResolvedEnv, top: ResolvedEnv): ResolvedEnv {
  const taintedEnv = new Set([...under.taintedEnv].filter((key) => !Object.hasOwn(top.env, key)));
  for (const key of top.taintedEnv) taintedEnv.add(key);
  return { env: { ...under.env, ...top.env }, taintedEnv };
}
