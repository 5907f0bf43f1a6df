/**
 * Job templates that read `needs` — a `runs-on` label, `timeout-minutes`, `continue-on-error`
 * written as `${{ }}` — wait until the job is ready (every need lets it start) and are
 * resolved then, inside the transaction that made it ready, so it is never claimed with a
 * template for a label. They see `needs`, `matrix`, `inputs` and the run's `github` facts
 * (not `vars`, which the plan resolves). A template that fails ends the job
 * `completed/failure` with the reason `expression_failed: <why>`.
 */
import type { Job, Run } from '../../ports/model/run.js';
import type { JobPatch } from '../../ports/run-ledger.js';
import { invalid, isDomainError } from '../errors.js';
import type { ExpressionContext } from '../workflows/expressions/evaluate.js';
import { evaluateTemplate, hasExpression } from '../workflows/expressions/template.js';
import { type ExprValue, toExprValue, toText } from '../workflows/expressions/values.js';
import { readFlag, readMinutes } from '../workflows/plan-time-templates.js';
import { areNeedsSatisfied } from './needs.js';
import { needsContext } from './needs-context.js';

/** Whether the job still holds a template that waits for its `needs`. */
export function hasDeferredTemplates(
  job: Pick<Job, 'runsOn' | 'timeoutMinutesExpr' | 'continueOnErrorExpr'>,
) {
  return (
    job.runsOn.some(hasExpression) ||
    (job.timeoutMinutesExpr ?? '') !== '' ||
    (job.continueOnErrorExpr ?? '') !== ''
  );
}

/** What to write for one job that became ready: its resolved fields, or why it fails. */
export type ReadyResolution = { jobId: number; patch: JobPatch } | { jobId: number; failure: string };

/** The queued jobs of the run (in job order) whose deferred templates can be resolved now. */
export function resolveReadyJobs(run: Run, jobs: readonly Job[]): ReadyResolution[] {
  return jobs
    .filter((job) => job.status === 'queued' && hasDeferredTemplates(job) && areNeedsSatisfied(job, jobs))
    .map((job) => {
      try {
        return { jobId: job.id, patch: resolvedFields(job, readyContext(run, job, jobs)) };
      } catch (err) {
        if (!isDomainError(err)) throw err;
        return { jobId: job.id, failure: `expression_failed: ${err.message}`.slice(0, 500) };
      }
    });
}

function resolvedFields(job: Job, context: ExpressionContext): JobPatch {
  const patch: JobPatch = { timeoutMinutesExpr: '', continueOnErrorExpr: '' };
  if (job.runsOn.some(hasExpression)) {
    const labels = job.runsOn.flatMap((label) => {
      if (!hasExpression(label)) return [label];
      const value: ExprValue = evaluateTemplate(label, context);
      return (Array.isArray(value) ? value : [value]).map(toText).filter((text) => text !== '');
    });
    // An empty list would match any runner, so it is refused rather than passed on.
    if (labels.length === 0)
      throw invalid('workflow.runs_on_empty', `runs-on of job ${job.jobKey} resolves to no label`);
    patch.runsOn = labels;
  }
  if (job.timeoutMinutesExpr)
    patch.timeoutMinutes = readMinutes(`job ${job.jobKey}`)(
      evaluateTemplate(job.timeoutMinutesExpr, context),
    );
  if (job.continueOnErrorExpr)
    patch.continueOnError = readFlag(evaluateTemplate(job.continueOnErrorExpr, context));
  return patch;
}

function readyContext(run: Run, job: Job, jobs: readonly Job[]): ExpressionContext {
  const github = {
    sha: run.headSha,
    ref: run.headRef,
    ref_name: run.headRef.replace(/^refs\/(heads|tags)\//, ''),
    event_name: run.event,
    event: toExprValue(run.eventPayload),
    run_id: String(run.id),
    run_number: String(run.runIndex),
    workflow: run.workflowName,
  };
  const inputs = job.call?.inputs ?? run.eventPayload.inputs;
  return {
    contexts: {
      shithub: github,
      needs: toExprValue(needsContext(jobs, job.needsJobs, job)),
      matrix: toExprValue(job.matrix ?? {}),
      inputs: typeof inputs === 'object' && inputs !== null ? toExprValue(inputs) : {},
    },
  };
}
