/** Resolves a job's plan-time `timeout-minutes` / `continue-on-error` templates, its steps' too. */
import type { ExpressionContext } from './expressions/evaluate.js';
import type { WorkflowJob, WorkflowStep } from './model.js';
import { readFlag, readMinutes, resolveTemplated } from './plan-time-templates.js';

/**
 * The job with every template that reads only plan-time contexts replaced by its value (and its
 * `…Expr` cleared); the others stay for the runner. Throws DomainError invalid
 * `workflow.timeout_invalid` for a timeout out of range, or when an expression fails.
 */
export function resolveJobTemplates<J extends WorkflowJob>(job: J, context: ExpressionContext): J {
  const timeout = resolveTemplated(
    { value: job.timeoutMinutes, expr: job.timeoutMinutesExpr },
    context,
    readMinutes(`job ${job.key}`),
  );
  const continueOnError = resolveTemplated(
    { value: job.continueOnError, expr: job.continueOnErrorExpr },
    context,
    readFlag,
  );
  return {
    ...job,
    timeoutMinutes: timeout.value,
    timeoutMinutesExpr: timeout.expr,
    continueOnError: continueOnError.value,
    continueOnErrorExpr: continueOnError.expr,
    steps: job.steps.map((step) => resolveStep(step, job.key, context)),
  };
}

function resolveStep(step: WorkflowStep, jobKey: string, context: ExpressionContext): WorkflowStep {
  if (step.timeoutMinutesExpr === null && step.continueOnErrorExpr === null) return step;
  const timeout = resolveTemplated<number | null>(
    { value: step.timeoutMinutes, expr: step.timeoutMinutesExpr },
    context,
    readMinutes(`job ${jobKey} step ${step.index + 1}`),
  );
  const continueOnError = resolveTemplated(
    { value: step.continueOnError, expr: step.continueOnErrorExpr },
    context,
    readFlag,
  );
  return {
    ...step,
    timeoutMinutes: timeout.value,
    timeoutMinutesExpr: timeout.expr,
    continueOnError: continueOnError.value,
    continueOnErrorExpr: continueOnError.expr,
  };
}
