/**
 * Local reusable workflows, one level deep (`jobs.<caller>.uses: ./.shithub/workflows/<file>.yml`
 * or `./.github/…`), expanded when a run is planned: the called file is read at the run's commit
 * and must have `on: workflow_call` and call nothing itself. Each of its jobs joins the run as
 * `<caller>/<job>` (named `<caller name> / <job name>`), its `needs` pointing inside the call and
 * its roots taking the caller's `needs` and `if:`; the call's inputs and secrets are bound
 * (`bind-workflow-call.ts`); jobs that need the caller need every called job instead and read
 * `needs.<caller>` — its result, and the called file's `outputs:` over `jobs` (`needsContext`).
 * The called jobs get the called file's `env:` and `permissions:` under their own.
 */
import type { GitReader } from '../../ports/git-reader.js';
import type { Repo } from '../../ports/model/forge.js';
import { invalid } from '../errors.js';
import { bindCallInputs, checkCallSecrets } from '../workflows/bind-workflow-call.js';
import { formatDiagnostic } from '../workflows/diagnostics.js';
import type { ExpressionContext } from '../workflows/expressions/evaluate.js';
import type { Workflow, WorkflowJob } from '../workflows/model.js';
import { readWorkflowFile } from './discover-workflows.js';

export interface ExpandCallsInput {
  repo: Repo;
  sha: string;
  workflow: Workflow;
  /** The plan-time contexts (`github`, `inputs`, `vars`) `with:` values are evaluated with. */
  context: ExpressionContext;
  defaultTimeoutMinutes?: number;
}

/**
 * The workflow with every calling job replaced by the called jobs (unchanged when none calls).
 * Throws DomainError invalid `workflow.call_invalid` for a missing, invalid, non-callable or
 * nesting called file, a matrix on a calling job, or inputs and secrets that do not bind.
 */
export async function expandWorkflowCalls(
  deps: { git: GitReader },
  input: ExpandCallsInput,
): Promise<Workflow> {
  const { workflow } = input;
  if (workflow.jobs.every((job) => job.uses === null)) return workflow;
  const calledKeys = new Map<string, string[]>();
  const jobs: WorkflowJob[] = [];
  for (const job of workflow.jobs) {
    if (job.uses === null) {
      jobs.push(job);
      continue;
    }
    const called = await calledJobs(deps, input, job);
    calledKeys.set(
      job.key,
      called.map((j) => j.key),
    );
    jobs.push(...called);
  }
  const needsOf = (needs: readonly string[]) => needs.flatMap((need) => calledKeys.get(need) ?? [need]);
  return { ...workflow, jobs: jobs.map((job) => (job.call ? job : { ...job, needs: needsOf(job.needs) })) };
}

async function calledJobs(
  deps: { git: GitReader },
  input: ExpandCallsInput,
  caller: WorkflowJob,
): Promise<WorkflowJob[]> {
  const call = caller.uses;
  if (call === null) return [caller];
  const refuse = (message: string) => invalid('workflow.call_invalid', `job ${caller.key}: ${message}`);
  if (caller.strategy !== null) throw refuse('a matrix on a job that calls a workflow is not supported');
  const found = await readWorkflowFile(deps, {
    repo: input.repo,
    sha: input.sha,
    file: call.path,
    ...(input.defaultTimeoutMinutes === undefined
      ? {}
      : { defaultTimeoutMinutes: input.defaultTimeoutMinutes }),
  });
  if (!found) throw refuse(`the called workflow ${call.path} does not exist at this commit`);
  const callee = found.parsed.workflow;
  if (callee === null) {
    const first = found.parsed.diagnostics.find((d) => d.severity === 'error');
    throw refuse(`the called workflow is invalid: ${first ? formatDiagnostic(first, call.path) : call.path}`);
  }
  if (callee.workflowCall === null) throw refuse(`${call.path} cannot be called: it has no on.workflow_call`);
  const nested = callee.jobs.find((job) => job.uses !== null);
  if (nested)
    throw refuse(`${call.path} calls ${nested.uses?.path} in job ${nested.key}: calls nest one level deep`);
  const inputs = bindCallInputs(caller.key, call, callee.workflowCall, input.context);
  checkCallSecrets(caller.key, call, callee.workflowCall);
  const outputs = Object.fromEntries(
    Object.entries(callee.workflowCall.outputs).map(([k, o]) => [k, o.value]),
  );
  const prefix = `${caller.key}/`;
  return callee.jobs.map((job) => {
    const root = job.needs.length === 0;
    return {
      ...job,
      key: `${prefix}${job.key}`,
      name: `${caller.name} / ${job.name}`,
      needs: root ? [...caller.needs] : job.needs.map((need) => `${prefix}${need}`),
      if: root ? bothConditions(caller.if, job.if) : job.if,
      env: { ...callee.env, ...job.env },
      permissions: job.permissions ?? callee.permissions ?? caller.permissions,
      call: { caller: caller.key, job: job.key, inputs, secrets: call.secrets, outputs },
    };
  });
}

/** `a && b` as one condition ('' stands for `success()`, GitHub's default). */
function bothConditions(outer: string, inner: string): string {
  if (outer.trim() === '') return inner;
  if (inner.trim() === '') return outer;
  return `(${outer}) && (${inner})`;
}
