/** Turns a parsed workflow and its trigger into the run `enqueueRun` stores. Pure. */
import type { JsonObject, PlannedJob, PlannedRun, PlannedStep } from '../../ports/model/run.js';
import { resolveConcurrency } from '../workflows/concurrency.js';
import { callContext, type ExpandedJob, expandJobs } from '../workflows/expand-jobs.js';
import type { ExpressionContext } from '../workflows/expressions/evaluate.js';
import { evaluateTemplate } from '../workflows/expressions/template.js';
import type { Diagnostic, Permissions, Workflow, WorkflowStep } from '../workflows/model.js';
import { readFlag, readMinutes } from '../workflows/plan-time-templates.js';
import { type TriggerRequest, triggerExpressionContext } from './trigger-request.js';

/** A planned run and whether it cancels older runs of its concurrency group. */
export interface WorkflowRunPlan {
  planned: PlannedRun;
  cancelInProgress: boolean;
  /**
   * Job-level groups declared with `cancel-in-progress`: the run's jobs of these groups
   * cancel older open jobs of the same group in the repository. Absent: none.
   */
  cancelInProgressJobGroups?: string[];
}

/**
 * One job per matrix combination (`expandJobs`) carrying its `matrix` values, steps in file
 * order, workflow `env` under each job's own, run and job concurrency groups resolved
 * without secrets, `outputs:` templates for the runner, templates reading `needs` kept for
 * when the job is ready. Throws the DomainErrors of `expandJobs` / `resolveConcurrency`
 * (invalid `workflow.*`).
 */
export function planWorkflowRun(
  workflow: Workflow,
  request: TriggerRequest,
  opts: { needApproval: boolean },
): WorkflowRunPlan {
  const context = triggerExpressionContext(request);
  const concurrency = resolveConcurrency(workflow, undefined, context);
  const plans = expandJobs(workflow, context).map((job) => planJob(workflow, job, callContext(context, job)));
  const jobs = plans.map((p) => p.job);
  const cancelling = plans.flatMap((p) => (p.cancelInProgress ? [p.job.concurrencyGroup ?? ''] : []));
  return {
    planned: {
      ...runFields(request, workflow.file, workflow.name),
      concurrencyGroup: concurrency?.group ?? '',
      needApproval: opts.needApproval,
      diagnostics: null,
      jobs,
    },
    cancelInProgress: concurrency?.cancelInProgress ?? false,
    cancelInProgressJobGroups: [...new Set(cancelling)],
  };
}

/** A run that failed before it started: the file's parse diagnostics and no jobs. */
export function planFailedRun(file: string, diagnostics: Diagnostic[], request: TriggerRequest): PlannedRun {
  return {
    ...runFields(request, file, file),
    concurrencyGroup: '',
    needApproval: false,
    diagnostics: diagnostics.map((d) => ({ ...d })),
    jobs: [],
  };
}

function runFields(request: TriggerRequest, file: string, name: string) {
  return {
    repoId: request.repo.id,
    workflowFile: file,
    workflowName: name,
    headSha: request.sha,
    headRef: request.ref,
    event: request.event,
    eventPayload: request.payload,
    actorUserId: request.actor?.id ?? null,
    parentRunId: null,
    triggerEventId: request.triggerEventId,
  };
}

function planJob(
  workflow: Workflow,
  expanded: ExpandedJob,
  context: ExpressionContext,
): { job: PlannedJob; cancelInProgress: boolean } {
  const matrix = expanded.matrix ?? {};
  const withMatrix = { ...context, contexts: { ...context.contexts, matrix } };
  const job = expanded.needs.length === 0 ? withoutDeferred(expanded, withMatrix) : expanded;
  const concurrency = resolveConcurrency(workflow, job, withMatrix);
  return {
    job: plannedJob(workflow, job, matrix, concurrency?.group ?? ''),
    cancelInProgress: concurrency?.cancelInProgress ?? false,
  };
}

function plannedJob(
  workflow: Workflow,
  job: ExpandedJob,
  matrix: JsonObject,
  concurrencyGroup: string,
): PlannedJob {
  return {
    matrix: { ...matrix },
    matrixGroup: job.matrix === null ? '' : job.baseKey,
    failFast: job.matrix !== null && job.failFast,
    continueOnError: job.continueOnError,
    concurrencyGroup,
    maxParallel: job.matrix === null ? 0 : (job.maxParallel ?? 0),
    jobKey: job.key,
    jobName: job.name,
    runsOn: job.runsOn,
    needsJobs: job.needs,
    ifExpr: job.if,
    timeoutMinutes: job.timeoutMinutes,
    permissions: permissionsJson(job.permissions ?? workflow.permissions),
    // A called job has its own file's env already (`expandWorkflowCalls`), never the caller's.
    jobEnv: job.call ? { ...job.env } : { ...workflow.env, ...job.env },
    outputTemplates: { ...job.outputs },
    containers:
      job.container === null && Object.keys(job.services).length === 0
        ? null
        : { container: job.container, services: { ...job.services } },
    call: job.call ?? null,
    timeoutMinutesExpr: job.timeoutMinutesExpr ?? '',
    continueOnErrorExpr: job.continueOnErrorExpr ?? '',
    steps: job.steps.map(planStep),
  };
}

/**
 * A job without `needs` is ready at once, so a template that would wait for them is
 * resolved now (its `needs` read as empty). Throws DomainError invalid as `readMinutes`.
 */
function withoutDeferred(job: ExpandedJob, context: ExpressionContext): ExpandedJob {
  const resolved = { ...job, timeoutMinutesExpr: null, continueOnErrorExpr: null };
  if (job.timeoutMinutesExpr)
    resolved.timeoutMinutes = readMinutes(`job ${job.key}`)(
      evaluateTemplate(job.timeoutMinutesExpr, context),
    );
  if (job.continueOnErrorExpr)
    resolved.continueOnError = readFlag(evaluateTemplate(job.continueOnErrorExpr, context));
  return resolved;
}

function planStep(step: WorkflowStep): PlannedStep {
  return {
    stepId: step.id ?? '',
    stepName: step.name,
    ifExpr: step.if,
    runCommand: step.run ?? '',
    usesAlias: step.uses ?? '',
    shell: step.shell ?? '',
    workingDirectory: step.workingDirectory ?? '',
    stepEnv: step.env,
    stepWith: step.with,
    continueOnError: step.continueOnError,
    timeoutMinutes: step.timeoutMinutes,
    continueOnErrorExpr: step.continueOnErrorExpr ?? '',
    timeoutMinutesExpr: step.timeoutMinutesExpr ?? '',
  };
}

/** `read-all` / `write-all` are stored as `{"*": "read"}` / `{"*": "write"}`; none as `{}`. */
function permissionsJson(permissions: Permissions | null): JsonObject {
  if (permissions === null) return {};
  if (permissions === 'read-all') return { '*': 'read' };
  if (permissions === 'write-all') return { '*': 'write' };
  return { ...permissions };
}
